import ArgumentParser
import Byline

/// `byline`: the newsroom platform's command line. Each subcommand is a thin shell over
/// the library, so what it does is tested there.
@main
struct BylineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "byline",
        abstract: "Byline, a publishing platform for newsrooms.",
        discussion: """
            Every setting can also be given as a BYLINE_* environment variable; a flag wins over \
            its variable. Run `byline serve` to start a demo site on http://localhost:8080.
            """,
        version: BylineVersion.current,
        subcommands: [ServeCommand.self, MigrateCommand.self, ArticlesCommand.self, WordPressCommand.self, WireCommand.self, QuotesCommand.self, CommentsCommand.self, UsersCommand.self, TokensCommand.self, WebhooksCommand.self, BackupCommand.self, VerifyCommand.self, RestoreCommand.self, MessagesCommand.self],
        defaultSubcommand: nil
    )
}
