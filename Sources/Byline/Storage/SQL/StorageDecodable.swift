import Foundation
import GRDB
import PostgresNIO

/// A Swift type a column can be read as on both backends.
public protocol StorageDecodable: DatabaseValueConvertible, PostgresDecodable, Sendable {}

extension Int64: StorageDecodable {}
extension Int: StorageDecodable {}
extension String: StorageDecodable {}
extension Bool: StorageDecodable {}
extension Double: StorageDecodable {}
extension Date: StorageDecodable {}
extension Optional: StorageDecodable where Wrapped: StorageDecodable, Wrapped._DecodableType == Wrapped {}
extension Data: StorageDecodable {}
