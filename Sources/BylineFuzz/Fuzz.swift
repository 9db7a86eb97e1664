import Byline
import Foundation

// Built two ways. `make fuzz` builds it with `--sanitize=fuzzer -DFUZZING`: libFuzzer then
// supplies `main` and calls `LLVMFuzzerTestOneInput` with each input it makes up, for the
// target BYLINE_FUZZ_TARGET names. Built plainly, it replays files through a target
// (`byline-fuzz TARGET FILE|FOLDER…`), to reproduce a crash that fuzzing found.

#if FUZZING
private let target: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["BYLINE_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("BYLINE_FUZZ_TARGET must be one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
        exit(64)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    do {
        try target.run(data)
    } catch {
        // libFuzzer saves the input of any abort as a crash.
        FileHandle.standardError.write(Data("\(target.rawValue): \(error)\n".utf8))
        abort()
    }
    return 0
}
#else
@main
struct Replay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            print("usage: byline-fuzz TARGET FILE|FOLDER…   (targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")))")
            exit(64)
        }
        var count = 0
        for path in arguments.dropFirst() {
            for file in files(at: URL(fileURLWithPath: path)) {
                guard let data = FileManager.default.contents(atPath: file.path) else {
                    print("\(file.path): cannot be read")
                    exit(66)
                }
                do {
                    try target.run(data)
                } catch {
                    print("\(file.path): \(error)")
                    exit(1)
                }
                count += 1
            }
        }
        print("\(target.rawValue): \(count) inputs replayed, none failed")
    }

    private static func files(at url: URL) -> [URL] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else { return [url] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { url.appendingPathComponent($0) }
    }
}
#endif
