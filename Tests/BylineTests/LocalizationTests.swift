@testable import Byline
import Foundation
import Testing

/// Message catalogs in gettext's `.po` format, with CLDR's plural rules as gettext writes them.
@Suite("Message catalogs")
struct LocalizationTests {
    static let russianPlurals = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    static let arabicPlurals = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"

    static func catalog(_ language: String, _ body: String, plurals: String = "nplurals=2; plural=(n > 1);") -> String {
        """
        # Byline
        msgid ""
        msgstr ""
        "Language: \(language)\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Plural-Forms: \(plurals)\\n"

        \(body)
        """
    }

    static func folder(_ files: [String: String]) throws -> URL {
        let folder = URL(fileURLWithPath: TemporaryDirectory.make(), isDirectory: true)
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        return folder
    }

    @Test func aCatalogReadsEntriesContextsPluralsAndContinuedStrings() throws {
        let text = Self.catalog("fr", #"""
            #: Resources/Themes/default/templates/comments.mustache
            msgid "Leave a comment"
            msgstr "Laisser un commentaire"

            msgctxt "button"
            msgid "Post"
            msgstr "Publier"

            msgid "Your email address "
            "will not be published."
            msgstr "Votre adresse e-mail "
            "ne sera pas publiée.\n"

            #, fuzzy
            msgid "Reply"
            msgstr "Répondre ?"

            msgid "{count} comment"
            msgid_plural "{count} comments"
            msgstr[0] "{count} commentaire"
            msgstr[1] "{count} commentaires"
            """#)
        let file = try POFile.parse(text, file: "fr.po")
        #expect(file.header["Language"] == "fr")
        #expect(file.entries.map(\.id) == ["Leave a comment", "Post", "Your email address will not be published.", "Reply", "{count} comment"])
        #expect(file.entries[1].context == "button")
        #expect(file.entries[2].translations == ["Votre adresse e-mail ne sera pas publiée.\n"])
        #expect(file.entries[3].isFuzzy)
        #expect(file.entries[4].translations == ["{count} commentaire", "{count} commentaires"])
        #expect(file.entries[0].line == 9)
    }

    @Test(arguments: [
        ("msgid \"a\"\nmsgstr \"b", "2: expected a quoted string"),
        ("msgid \"a\"\nmsgstr \"\\q\"", "2: \\q is not an escape"),
        ("msgstr \"b\"", "1: msgstr before any msgid"),
        ("msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"", "4: msgid \"a\" is already translated at line 1"),
        ("msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[1] \"b\"", "3: msgstr[1] comes before msgstr[0]"),
        ("msgid \"a\"\nmsgstr \"b\"\nmsgtxt \"c\"", "3: \"msgtxt\" is not a .po keyword"),
        ("msgid \"a\"\n\n", "1: msgid \"a\" has no msgstr"),
    ])
    func aBrokenCatalogIsRefusedWithItsLine(text: String, expected: String) {
        #expect {
            _ = try POFile.parse(text, file: "xx.po")
        } throws: { error in
            (error as? POFile.Problem).map { "\($0.line): \($0.message)".hasPrefix(expected) } ?? false
        }
    }

    @Test func pluralFormsFollowCLDRForRussianAndArabic() throws {
        let russian = try PluralForms(Self.russianPlurals)
        #expect([1, 2, 5, 11, 12, 21, 22, 25, 101, 111].map(russian.form(for:)) == [0, 1, 2, 2, 2, 0, 1, 2, 0, 2])
        let arabic = try PluralForms(Self.arabicPlurals)
        #expect(arabic.count == 6)
        #expect([0, 1, 2, 3, 10, 11, 99, 100, 102, 103].map(arabic.form(for:)) == [0, 1, 2, 3, 3, 4, 4, 5, 5, 3])
        #expect(PluralForms.english.form(for: 1) == 0 && PluralForms.english.form(for: 0) == 1)
        #expect(throws: PluralForms.Problem.self) { try PluralForms("nplurals=2; plural=(n%10);") }
        #expect(throws: PluralForms.Problem.self) { try PluralForms("nplurals=2; plural=(n > 1") }
        #expect(throws: PluralForms.Problem.self) { try PluralForms("nplurals=2; plural=system(n);") }
    }

    @Test func messagesComeInTheLanguageWithTheirPluralsAndNumbers() throws {
        let bundled = try Self.folder([
            "ru.po": Self.catalog("ru", """
                msgid "{count} comment"
                msgid_plural "{count} comments"
                msgstr[0] "{count} комментарий"
                msgstr[1] "{count} комментария"
                msgstr[2] "{count} комментариев"
                """, plurals: Self.russianPlurals),
            "fr.po": Self.catalog("fr", """
                msgid "Posted by {author}"
                msgstr "Publié par {author}"

                msgid "{count} comment"
                msgid_plural "{count} comments"
                msgstr[0] "{count} commentaire"
                msgstr[1] "{count} commentaires"
                """),
        ])
        let russian = try MessageCatalog.load(language: "ru", from: [bundled])
        #expect([1, 2, 5, 21].map { russian.plural("{count} comment", "{count} comments", count: $0) } == [
            "1 комментарий", "2 комментария", "5 комментариев", "21 комментарий",
        ])
        let french = try MessageCatalog.load(language: "fr", from: [bundled])
        #expect(french.message("Posted by {author}", ["author": "Ana"]) == "Publié par Ana")
        #expect(french.plural("{count} comment", "{count} comments", count: 1234) == "1\u{202F}234 commentaires", "numbers as French writes them")
        #expect(french.message("Leave a comment") == "Leave a comment", "a message no catalog has is shown in English")
        #expect(MessageCatalog.source.plural("{count} comment", "{count} comments", count: 1) == "1 comment")
    }

    @Test func aThemesCatalogOverridesTheBundledOneMessageByMessage() throws {
        let bundled = try Self.folder(["fr.po": Self.catalog("fr", "msgid \"Leave a comment\"\nmsgstr \"Laisser un commentaire\"\n\nmsgid \"Reply\"\nmsgstr \"Répondre\"")])
        let theme = try Self.folder(["fr.po": Self.catalog("fr", "msgid \"Leave a comment\"\nmsgstr \"Réagir\"")])
        let french = try MessageCatalog.load(language: "fr", from: [bundled, theme])
        #expect(french.message("Leave a comment") == "Réagir")
        #expect(french.message("Reply") == "Répondre")
    }

    @Test(arguments: [
        ("msgid \"Posted by {author}\"\nmsgstr \"Publié par {auteur}\"", "msgstr uses {auteur}, which msgid \"Posted by {author}\" does not have"),
        ("msgid \"{name} replied to {author}\"\nmsgstr \"{name} a répondu\"", "msgstr leaves out {author}"),
        ("msgid \"{count} comment\"\nmsgid_plural \"{count} comments\"\nmsgstr[0] \"un\"\nmsgstr[1] \"deux\"\nmsgstr[2] \"trois\"", "has 3 plural forms; this language has 2"),
    ])
    func aPlaceholderMismatchStopsLoadingWithFileAndLine(entry: String, expected: String) throws {
        let bundled = try Self.folder(["fr.po": Self.catalog("fr", entry)])
        #expect {
            _ = try MessageCatalog.load(language: "fr", from: [bundled])
        } throws: { error in
            guard let problem = error as? POFile.Problem else { return false }
            return problem.file.hasSuffix("fr.po") && problem.line == 8 && problem.message.contains(expected)
        }
    }

    @Test func aPluralFormMayLeaveOutTheNumber() throws {
        let bundled = try Self.folder(["ar.po": Self.catalog("ar", """
            msgid "{count} comment"
            msgid_plural "{count} comments"
            msgstr[0] "لا تعليقات"
            msgstr[1] "تعليق واحد"
            msgstr[2] "تعليقان"
            msgstr[3] "{count} تعليقات"
            msgstr[4] "{count} تعليقًا"
            msgstr[5] "{count} تعليق"
            """, plurals: Self.arabicPlurals)])
        let arabic = try MessageCatalog.load(language: "ar", from: [bundled])
        #expect(arabic.plural("{count} comment", "{count} comments", count: 1) == "تعليق واحد")
        #expect(arabic.plural("{count} comment", "{count} comments", count: 2) == "تعليقان")
        #expect(arabic.plural("{count} comment", "{count} comments", count: 100).hasSuffix("تعليق"))
    }
}
