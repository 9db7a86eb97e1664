/// This build's version, recorded in backups and shown by `byline --version`.
public enum BylineVersion {
    public static let current = "0.9.0"
}
