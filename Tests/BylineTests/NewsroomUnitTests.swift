@testable import Byline
import Foundation
import NIOCore
import Testing

@Suite("Newsroom building blocks")
struct NewsroomUnitTests {
    @Test func mediaIsStoredBesideTheDatabaseForSQLiteAndInItForPostgreSQL() throws {
        var input = Configuration.Input()
        input[.dataDirectory] = "/srv/site"
        #expect(try Configuration.resolve(input, environment: [:]).mediaStore == .directory("/srv/site/media"))
        input[.database] = "postgres://byline@db/byline"
        #expect(try Configuration.resolve(input, environment: [:]).mediaStore == .database)
        input[.mediaDirectory] = "/mnt/shared/media"
        #expect(try Configuration.resolve(input, environment: [:]).mediaStore == .directory("/mnt/shared/media"))
        #expect(try Configuration.resolve(input, environment: [:]).mediaMaxBytes == 20 * 1_048_576)
        input[.mediaMaxMB] = "0"
        #expect(throws: Configuration.Error.self) { try Configuration.resolve(input, environment: [:]) }
    }

    @Test func datetimeLocalValuesAreWallClockTimeInTheSiteZone() {
        let dates = DateDisplay(timeZone: TimeZone(identifier: "America/New_York")!, locale: Locale(identifier: "en_US"), pattern: "y")
        let winter = dates.parseLocalInput("2030-01-15T09:30")
        #expect(winter == ISO8601.parse("2030-01-15T14:30:00Z"))
        #expect(dates.parseLocalInput("2030-07-15T09:30") == ISO8601.parse("2030-07-15T13:30:00Z"), "summer time")
        #expect(winter.map(dates.localInput) == "2030-01-15T09:30")
        for nonsense in ["", "tomorrow", "2030-02-30T10:00", "2030-01-15", "2030-01-15T25:00"] { #expect(dates.parseLocalInput(nonsense) == nil, "\(nonsense)") }
    }

    @Test func aLineDiffKeepsReadingOrder() {
        let lines = RevisionDiff.lines(from: "a\nb\nc", to: "a\nB\nc\nd")
        #expect(lines.map { "\($0.kind.rawValue):\($0.text)" } == ["same:a", "removed:b", "added:B", "same:c", "added:d"])
    }

    @Test func revisionChangesNameOnlyTheFieldsThatChanged() {
        var old = ArticleDocument()
        old.headline = "Before"
        old.body = "Same"
        var new = old
        new.headline = "After"
        new.tags = ["Ports"]
        #expect(RevisionDiff.changes(from: old, to: new).map(\.field) == ["Headline", "Tags"])
        #expect(RevisionDiff.changes(from: old, to: old).isEmpty)
    }

    @Test func aRevisionDocumentSurvivesItsJSON() {
        var document = ArticleDocument()
        document.headline = "Ünïcode “quotes” and <tags>"
        document.leadImage = LeadImage(src: "/media/x.png", width: 3, height: 2, alt: "x", caption: "c")
        document.commentsCloseAt = ISO8601.parse("2030-01-01T00:00:00Z")
        document.corrections = [.init(kind: .update, text: "More.", date: ISO8601.parse("2030-01-02T00:00:00Z")!)]
        #expect(ArticleDocument.decode(json: document.json()) == document)
    }

    @Test func draftsNeedAHeadlineAndASectionAndPublicationMore() {
        let sections = [Section(id: 1, slug: "world", name: "World")]
        var document = ArticleDocument()
        document.headline = "Ça va"
        document.section = "world"
        #expect(document.draftProblems(sections: sections).isEmpty)
        #expect(document.effectiveSlug == "ca-va")
        #expect(Set(document.publicationProblems(sections: sections).messages.keys) == [.body, .authors])
        document.slug = "Not A Slug"
        document.section = "nowhere"
        document.creditKind = .wires
        #expect(Set(document.draftProblems(sections: sections).messages.keys) == [.slug, .section, .creditSource])
    }

    @Test func multipartFormsAreReadWithTheirFiles() throws {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"headline\"\r\n\r\nÉté\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nA\r\n--XyZ\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nB\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.gif\"\r\nContent-Type: image/gif\r\n\r\nGIF89a\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"empty\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n"
            + "--XyZ--\r\n"
        let form = try FormFields.multipart(ByteBuffer(string: body), boundary: "XyZ")
        #expect(form["headline"] == "Été" && form.all("tags") == ["A", "B"])
        #expect(form.files["file"]?.data == Data("GIF89a".utf8) && form.files["file"]?.filename == "a.gif")
        #expect(form.files["empty"] == nil, "an empty file input is no file")
        let garbage = try FormFields.multipart(ByteBuffer(string: "garbage"), boundary: "XyZ")
        #expect(garbage["headline"] == nil && garbage.files.isEmpty, "a body that is not multipart yields no fields, so no CSRF token")
    }

    @Test func permissionsFollowRoleAndOwnership() {
        func user(_ role: Role) -> User { User(id: 7, email: "x@example.com", name: "X", role: role, passwordHash: "$2b$", createdAt: Date()) }
        #expect(user(.contributor).may(.editArticle(ownerID: 7, status: .draft)))
        #expect(!user(.contributor).may(.editArticle(ownerID: 7, status: .scheduled)))
        #expect(!user(.contributor).may(.editArticle(ownerID: 8, status: .draft)))
        #expect(!user(.contributor).may(.publishArticle(ownerID: 7)))
        #expect(user(.author).may(.publishArticle(ownerID: 7)) && !user(.author).may(.publishArticle(ownerID: 8)))
        #expect(user(.editor).may(.publishArticle(ownerID: nil)) && !user(.editor).may(.manageSettings))
        #expect(user(.admin).may(.manageUsers))
    }
}
