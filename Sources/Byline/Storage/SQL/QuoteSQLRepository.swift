import Foundation

/// Writing a story's quotes, in the transaction that saves the story, for both backends. The
/// rules (what is a quote, how a decision applies) are `QuoteIndex`'s.
///
/// Every `\(value)` in the statements is a bound parameter (`SQLStatement`).
enum QuoteWrites {
    /// Reads the story's quotes again and keeps each editor's decision whose quote is still
    /// there. Answers the people the story quoted before and after, whose pages change.
    @discardableResult
    static func index(articleID: Int64, body: String, at date: Date, _ transaction: any StorageTransaction) async throws -> Set<Int64> {
        // Every save runs this, so it keeps to a handful of statements whatever the story's
        // length: lookups and inserts go in one statement each.
        let before = try await personIDs(articleID: articleID, transaction)
        var rulings: [String: QuoteIndex.Ruling] = [:]
        for row in try await transaction.query(
            "SELECT fingerprint, action, person_id FROM quote_decisions WHERE article_id = \(articleID)", table: "quote_decisions", key: "fingerprint")
        {
            if let ruling = QuoteIndex.Ruling(action: try row.decode("action"), personID: try row.decode("person_id")) {
                rulings[try row.decode("fingerprint")] = ruling
            }
        }
        // However a body is written, its index stays bounded (and a quote's place fits its cursor).
        let quotations = Array(QuoteIndex.quotations(inBody: body).prefix(QuoteIndex.maximumQuotesPerStory))
        let fingerprints = quotations.map { QuoteIndex.fingerprint($0.text) }
        // An editor's choice of speaker stands; the name extraction read needs no record then.
        let named: [Quotation.Speaker?] = zip(quotations, fingerprints).map { quotation, fingerprint in
            switch rulings[fingerprint] {
            case .speaker, .unnamed: nil
            case .hide, nil: quotation.speaker
            }
        }
        let people = try await people(named: named.compactMap { $0 }, at: date, transaction)
        try await transaction.execute("DELETE FROM quotes WHERE article_id = \(articleID)")
        var after: Set<Int64> = []
        var rows: [SQLStatement] = []
        for (position, quotation) in quotations.enumerated() {
            let fingerprint = fingerprints[position]
            let settled = QuoteIndex.settle(found: named[position].flatMap { people[QuoteIndex.key($0.name)] }, ruling: rulings[fingerprint])
            if let id = settled.personID { after.insert(id) }
            rows.append("""
                (\(articleID), \(position), \(quotation.paragraph), \(quotation.text), \(fingerprint), \(QuoteIndex.searchText(quotation.text)),
                \(settled.personID), \(quotation.speaker?.name), \(quotation.cue), \(quotation.unnamedSource), \(quotation.isScareQuote), \(settled.confirmed),
                \(settled.hidden))
                """)
        }
        // Thirteen values a row, in statements that stay under SQLite's limit on bound values.
        for start in stride(from: 0, to: rows.count, by: 500) {
            try await transaction.execute("""
                INSERT INTO quotes (
                    article_id, position, paragraph, text, fingerprint, search_text, person_id, found_speaker, cue, unnamed_source, is_scare, confirmed, hidden
                ) VALUES \(SQLStatement.joined(Array(rows[start..<min(rows.count, start + 500)]), separator: ", "))
                """)
        }
        // A decision about words the story no longer has has nothing left to decide.
        let stale = Set(rulings.keys).subtracting(fingerprints)
        if !stale.isEmpty {
            try await transaction.execute("DELETE FROM quote_decisions WHERE article_id = \(articleID) AND fingerprint \(in: stale.sorted())")
        }
        try await transaction.execute("UPDATE articles SET quotes_indexed = \(QuoteIndex.version) WHERE id = \(articleID)")
        try await forgetUnused(before.subtracting(after), transaction)
        return before.union(after)
    }

    /// The people these names mean, by alias key: the holders of those aliases, and new
    /// records for names nobody has had.
    static func people(named speakers: [Quotation.Speaker], at date: Date, _ transaction: any StorageTransaction) async throws -> [String: Int64] {
        var wanted: [String: Quotation.Speaker] = [:]
        for speaker in speakers { wanted[QuoteIndex.key(speaker.name)] = wanted[QuoteIndex.key(speaker.name)] ?? speaker }
        wanted.removeValue(forKey: "")
        guard !wanted.isEmpty else { return [:] }
        var found: [String: Int64] = [:]
        for row in try await transaction.query(
            "SELECT alias_key, person_id FROM person_aliases WHERE alias_key \(in: wanted.keys.sorted())", table: "person_aliases", key: "alias_key")
        {
            found[try row.decode("alias_key")] = try row.decode("person_id")
        }
        for (key, speaker) in wanted.sorted(by: { $0.key < $1.key }) where found[key] == nil {
            found[key] = try await newPerson(named: speaker.name, key: key, kind: speaker.kind, at: date, transaction)
        }
        return found
    }

    static func personIDs(articleID: Int64, _ queries: any StorageQueries) async throws -> Set<Int64> {
        Set(try await queries.query(
            "SELECT DISTINCT person_id FROM quotes WHERE article_id = \(articleID) AND person_id IS NOT NULL", table: "quotes", key: "person_id"
        ).map { try $0.decodeFirst(as: Int64.self) })
    }

    /// The person a name means: the holder of that alias, or a new record.
    static func person(named name: String, kind: Person.Kind, at date: Date, _ transaction: any StorageTransaction) async throws -> Int64 {
        let key = QuoteIndex.key(name)
        if let id = try await transaction.scalar("SELECT person_id FROM person_aliases WHERE alias_key = \(key)", as: Int64.self) { return id }
        return try await newPerson(named: name, key: key, kind: kind, at: date, transaction)
    }

    /// A record for a name nobody has had, with the name as its first alias.
    private static func newPerson(named name: String, key: String, kind: Person.Kind, at date: Date, _ transaction: any StorageTransaction) async throws -> Int64 {
        let slug = try await freeSlug(QuoteIndex.slugBase(for: name), transaction)
        let id = try await transaction.insertedID("""
            INSERT INTO people (slug, name, kind, created_at) VALUES (\(slug), \(name), \(kind.rawValue), \(date)) RETURNING id
            """)
        try await transaction.execute("INSERT INTO person_aliases (alias_key, person_id, alias) VALUES (\(key), \(id), \(name))")
        return id
    }

    static func freeSlug(_ base: String, _ transaction: any StorageTransaction) async throws -> String {
        try await Slug.free(base) { try await transaction.scalar("SELECT id FROM people WHERE slug = \($0)", as: Int64.self) != nil }
    }

    /// People extraction made who no longer have a quote, and whom no editor has touched, go:
    /// a misread name in a draft shouldn't stay in the index for ever.
    static func forgetUnused(_ ids: Set<Int64>, _ transaction: any StorageTransaction) async throws {
        guard !ids.isEmpty else { return }
        try await transaction.execute("""
            DELETE FROM people WHERE id \(in: Array(ids)) AND edited_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM quotes q WHERE q.person_id = people.id)
                AND NOT EXISTS (SELECT 1 FROM quote_decisions d WHERE d.person_id = people.id)
            """)
    }
}

/// `QuoteRepository` written once for both backends.
struct QuoteSQLRepository: QuoteRepository {
    let database: any SQLDatabase

    /// Quotes with their speaker, as every read selects them.
    private static let columns: SQLStatement = """
        q.id, q.article_id, q.position, q.paragraph, q.text, q.fingerprint, q.found_speaker, q.cue, q.unnamed_source, q.is_scare, q.confirmed,
        q.hidden, p.id AS speaker_id, p.slug AS speaker_slug, p.name AS speaker_name, p.kind AS speaker_kind
        """

    /// What makes a quote public: its story is published, and it isn't hidden.
    private static let isPublic: SQLStatement = "a.status = 'published' AND q.hidden = \(false)"
    /// And what puts it on a speaker's page: not a scare quote, unless an editor confirmed it.
    private static let isListed: SQLStatement = "\(isPublic) AND (q.is_scare = \(false) OR q.confirmed = \(true))"

    func quotes(articleID: Int64) async throws -> [StoredQuote] {
        try await database.read { queries in try await Self.quotes(articleID: articleID, queries) }
    }

    func publicQuotes(articleID: Int64) async throws -> [StoredQuote]? {
        try await database.read { queries in
            guard try await queries.scalar("SELECT id FROM articles WHERE id = \(articleID) AND status = 'published'", as: Int64.self) != nil else { return nil }
            return try await Self.quotes(articleID: articleID, queries).filter { !$0.hidden }
        }
    }

    private static func quotes(articleID: Int64, _ queries: any StorageQueries) async throws -> [StoredQuote] {
        try await queries.query("""
            SELECT \(columns) FROM quotes q LEFT JOIN people p ON p.id = q.person_id WHERE q.article_id = \(articleID) ORDER BY q.position
            """, table: "quotes").map(quote)
    }

    func decide(_ decision: QuoteDecision, fingerprint: String, articleID: Int64, by editor: String, at date: Date) async throws -> [StoredQuote] {
        try await database.write { transaction in
            guard let current = try await Self.quotes(articleID: articleID, transaction).first(where: { $0.fingerprint == fingerprint }) else {
                throw QuoteIndexError.notFound("That quote is no longer in the story. Reload the page to see its quotes as they are now.")
            }
            let ruling: QuoteIndex.Ruling?
            switch decision {
            case .confirm: ruling = current.speaker.map { .speaker($0.id) } ?? .unnamed
            case .reassign(let name, let kind):
                let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !QuoteIndex.key(name).isEmpty, name.count <= 200 else { throw QuoteIndexError.invalid("Type the name of who said it.") }
                ruling = .speaker(try await QuoteWrites.person(named: name, kind: kind, at: date, transaction))
            case .unnamed: ruling = .unnamed
            case .hide: ruling = .hide
            case .reset: ruling = nil
            }
            if let ruling {
                let personID: Int64? = if case .speaker(let id) = ruling { id } else { nil }
                try await transaction.execute("""
                    INSERT INTO quote_decisions (article_id, fingerprint, action, person_id, decided_by, decided_at)
                    VALUES (\(articleID), \(fingerprint), \(ruling.action), \(personID), \(editor), \(date))
                    ON CONFLICT (article_id, fingerprint) DO UPDATE SET
                        action = excluded.action, person_id = excluded.person_id, decided_by = excluded.decided_by, decided_at = excluded.decided_at
                    """)
            } else {
                try await transaction.execute("DELETE FROM quote_decisions WHERE article_id = \(articleID) AND fingerprint = \(fingerprint)")
            }
            guard let article = try await transaction.queryOne("SELECT body_markdown, status FROM articles WHERE id = \(articleID)", table: "articles") else {
                throw QuoteIndexError.notFound("There is no such article: it may have been deleted.")
            }
            let people = try await QuoteWrites.index(articleID: articleID, body: try article.decode("body_markdown"), at: date, transaction)
            if try article.decode("status", as: Article.Status.self) == .published {
                try await transaction.announce(ContentChange.quotes(articleID: articleID, people: people), at: date)
            }
            return try await Self.quotes(articleID: articleID, transaction)
        }
    }

    // MARK: People

    private static let personColumns: SQLStatement = "p.id, p.slug, p.name, p.kind, p.description, p.wikidata_id"

    func mostQuoted(kind: Person.Kind?, page: PageRequest) async throws -> Page<Person> {
        let kindFilter: SQLStatement = kind.map { "AND p.kind = \($0.rawValue)" } ?? ""
        return try await database.read { queries in
            let total = try await queries.count("""
                SELECT count(DISTINCT p.id) FROM people p JOIN quotes q ON q.person_id = p.id JOIN articles a ON a.id = q.article_id
                WHERE \(Self.isListed) \(kindFilter)
                """)
            let rows = try await queries.query("""
                SELECT \(Self.personColumns), count(*) AS quote_count
                FROM people p JOIN quotes q ON q.person_id = p.id JOIN articles a ON a.id = q.article_id
                WHERE \(Self.isListed) \(kindFilter)
                GROUP BY p.id, p.slug, p.name, p.kind, p.description, p.wikidata_id
                ORDER BY quote_count DESC, p.name, p.id LIMIT \(page.size) OFFSET \(page.offset)
                """, table: "people")
            var people: [Person] = []
            for row in rows { people.append(try await Self.person(row, queries)) }
            return Page(items: people, request: page, totalCount: total)
        }
    }

    func person(slug: String) async throws -> Person? {
        try await database.read { queries in try await Self.person(slug: slug, queries) }
    }

    private static func person(slug: String, _ queries: any StorageQueries) async throws -> Person? {
        guard let row = try await queries.queryOne("""
            SELECT \(personColumns), (
                SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.person_id = p.id AND \(isListed)
            ) AS quote_count
            FROM people p WHERE p.slug = \(slug)
            """, table: "people", key: "slug")
        else { return nil }
        return try await person(row, queries)
    }

    func people(matching text: String, limit: Int) async throws -> [Person] {
        let key = QuoteIndex.key(text)
        guard !key.isEmpty else { return [] }
        // The alias keys are folded already, so a prefix of one is a LIKE on the key; its
        // wildcard characters are not in a key.
        let pattern = key.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
        return try await database.read { queries in
            let rows = try await queries.query("""
                SELECT \(Self.personColumns), 0 AS quote_count FROM people p
                WHERE p.id IN (SELECT person_id FROM person_aliases WHERE alias_key LIKE \(pattern))
                ORDER BY p.name LIMIT \(limit)
                """, table: "people")
            var people: [Person] = []
            for row in rows { people.append(try await Self.person(row, queries)) }
            return people
        }
    }

    private static func person(_ row: StorageRow, _ queries: any StorageQueries) async throws -> Person {
        let id: Int64 = try row.decode("id")
        let aliases = try await queries.query(
            "SELECT alias FROM person_aliases WHERE person_id = \(id) ORDER BY alias", table: "person_aliases", key: "alias"
        ).map { try $0.decodeFirst(as: String.self) }
        let name: String = try row.decode("name")
        return Person(
            id: id, slug: try row.decode("slug"), name: name, kind: try row.decode("kind", as: Person.Kind.self), description: try row.decode("description"),
            wikidataID: try row.decode("wikidata_id"), aliases: aliases.filter { QuoteIndex.key($0) != QuoteIndex.key(name) },
            quoteCount: try row.decode("quote_count"))
    }

    func quotes(personID: Int64, page: PageRequest) async throws -> Page<PublicQuote> {
        try await database.read { queries in
            let total = try await queries.count("""
                SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.person_id = \(personID) AND \(Self.isListed)
                """)
            let items = try await Self.publicQuotes(personID: personID, after: nil, limit: page.size, offset: page.offset, queries)
            return Page(items: items, request: page, totalCount: total)
        }
    }

    func quotes(personID: Int64, after cursor: ListingCursor?, limit: Int) async throws -> [PublicQuote] {
        try await database.read { queries in try await Self.publicQuotes(personID: personID, after: cursor, limit: limit, offset: 0, queries) }
    }

    /// Newest story first, and a story's quotes in the order it has them. A cursor is the
    /// story's date and the quote's place (`PublicQuote.cursor`), not its row ID: a story's rows
    /// are written anew whenever it is edited, and a client paging through must not skip or
    /// repeat its quotes then.
    private static func publicQuotes(personID: Int64, after cursor: ListingCursor?, limit: Int, offset: Int, _ queries: any StorageQueries) async throws
        -> [PublicQuote]
    {
        let place: SQLStatement = "(q.article_id * \(PublicQuote.positionsPerArticle) + q.position)"
        let after: SQLStatement = cursor.map { "AND (a.published_at < \($0.date) OR a.published_at = \($0.date) AND \(place) > \($0.id))" } ?? ""
        return try await queries.query("""
            SELECT \(columns), a.slug AS article_slug, a.headline AS article_headline, a.published_at AS article_published_at, s.slug AS section_slug
            FROM quotes q JOIN people p ON p.id = q.person_id JOIN articles a ON a.id = q.article_id JOIN sections s ON s.id = a.section_id
            WHERE q.person_id = \(personID) AND \(isListed) \(after)
            ORDER BY a.published_at DESC, q.article_id, q.position LIMIT \(limit) OFFSET \(offset)
            """, table: "quotes").map { row in
            PublicQuote(
                quote: try quote(row),
                article: .init(
                    id: try row.decode("article_id"), slug: try row.decode("article_slug"), headline: try row.decode("article_headline"),
                    sectionSlug: try row.decode("section_slug"), publishedAt: try row.decode("article_published_at")))
        }
    }

    private static func quote(_ row: StorageRow) throws -> StoredQuote {
        let speakerID: Int64? = try row.decode("speaker_id")
        var speaker: Person.Speaker?
        if let speakerID {
            speaker = Person.Speaker(
                id: speakerID, slug: try row.decode("speaker_slug"), name: try row.decode("speaker_name"), kind: try row.decode("speaker_kind", as: Person.Kind.self))
        }
        return StoredQuote(
            id: try row.decode("id"), articleID: try row.decode("article_id"), position: try row.decode("position"), paragraph: try row.decode("paragraph"),
            text: try row.decode("text"), fingerprint: try row.decode("fingerprint"), speaker: speaker, foundSpeaker: try row.decode("found_speaker"),
            cue: try row.decode("cue"), unnamedSource: try row.decode("unnamed_source"), isScareQuote: try row.decode("is_scare"),
            confirmed: try row.decode("confirmed"), hidden: try row.decode("hidden"))
    }

    func search(terms: [String], personID: Int64, page: PageRequest) async throws -> Page<SearchHit> {
        // Terms are letters and digits only (`SearchText.terms`), so none holds a LIKE wildcard.
        // `search_text` is the quote's folded words, each after a space, so "% term%" matches
        // the words a term begins, as the article search does.
        let matching = SQLStatement.joined(terms.map { (term: String) -> SQLStatement in "AND q.search_text LIKE \("% " + term + "%")" }, separator: " ")
        let said: SQLStatement = "SELECT q.article_id FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.person_id = \(personID) AND \(Self.isListed) \(matching)"
        return try await database.read { queries in
            let total = try await queries.count("SELECT count(DISTINCT article_id) FROM (\(said)) said")
            let rows = try await queries.query("""
                SELECT \(ArticleRows.articleColumns) FROM articles a JOIN sections s ON s.id = a.section_id
                WHERE a.id IN (\(said))
                ORDER BY coalesce(a.display_date, a.published_at) DESC, a.id DESC LIMIT \(page.size) OFFSET \(page.offset)
                """, table: "articles")
            let summaries = try await ArticleRows.summaries(rows, queries)
            var hits: [SearchHit] = []
            for summary in summaries {
                // The snippet is what they said there, so that the match shown is theirs.
                let words = try await queries.query("""
                    SELECT q.text FROM quotes q JOIN articles a ON a.id = q.article_id
                    WHERE q.article_id = \(summary.id) AND q.person_id = \(personID) AND \(Self.isListed) \(matching) ORDER BY q.position
                    """, table: "quotes", key: "text").map { "“" + (try $0.decodeFirst(as: String.self)) + "”" }
                hits.append(SearchHit(summary: summary, text: words.joined(separator: " ")))
            }
            return Page(items: hits, request: page, totalCount: total)
        }
    }

    // MARK: Editing people

    func update(slug: String, details: Person.Details, at date: Date) async throws -> Person {
        let details = try details.validated().get()
        return try await database.write { transaction in
            guard let id = try await transaction.scalar("SELECT id FROM people WHERE slug = \(slug)", as: Int64.self) else { throw Self.noSuchPerson(slug) }
            let key = QuoteIndex.key(details.name)
            if let holder = try await transaction.scalar("SELECT person_id FROM person_aliases WHERE alias_key = \(key)", as: Int64.self), holder != id {
                throw QuoteIndexError.invalid("“\(details.name)” already names someone else. Merge the two instead.")
            }
            try await transaction.execute("""
                UPDATE people SET name = \(details.name), kind = \(details.kind.rawValue), description = \(details.description),
                    wikidata_id = \(details.wikidataID), edited_at = \(date)
                WHERE id = \(id)
                """)
            // The name is always one of the person's aliases: it is what extraction finds.
            try await transaction.execute("""
                INSERT INTO person_aliases (alias_key, person_id, alias) VALUES (\(key), \(id), \(details.name))
                ON CONFLICT (alias_key) DO UPDATE SET alias = excluded.alias
                """)
            try await transaction.announce(try await Self.change(personID: id, transaction), at: date)
            return try await Self.person(slug: slug, transaction)!
        }
    }

    func addAlias(_ alias: String, to slug: String, at date: Date) async throws -> Person {
        let alias = alias.trimmingCharacters(in: .whitespacesAndNewlines)
        let key = QuoteIndex.key(alias)
        guard !key.isEmpty, alias.count <= 200 else { throw QuoteIndexError.invalid("Type the other name, up to 200 characters.") }
        return try await database.write { transaction in
            guard let id = try await transaction.scalar("SELECT id FROM people WHERE slug = \(slug)", as: Int64.self) else { throw Self.noSuchPerson(slug) }
            if let holder = try await transaction.scalar("SELECT person_id FROM person_aliases WHERE alias_key = \(key)", as: Int64.self), holder != id {
                try await Self.merge(holder, into: id, at: date, transaction)
            }
            try await transaction.execute("""
                INSERT INTO person_aliases (alias_key, person_id, alias) VALUES (\(key), \(id), \(alias))
                ON CONFLICT (alias_key) DO UPDATE SET alias = excluded.alias, person_id = excluded.person_id
                """)
            try await transaction.execute("UPDATE people SET edited_at = \(date) WHERE id = \(id)")
            try await transaction.announce(try await Self.change(personID: id, transaction), at: date)
            return try await Self.person(slug: slug, transaction)!
        }
    }

    func removeAlias(_ alias: String, from slug: String) async throws -> Person {
        let key = QuoteIndex.key(alias)
        return try await database.write { transaction in
            guard let row = try await transaction.queryOne("SELECT id, name FROM people WHERE slug = \(slug)", table: "people", key: "slug") else {
                throw Self.noSuchPerson(slug)
            }
            let id: Int64 = try row.decode("id")
            guard QuoteIndex.key(try row.decode("name", as: String.self)) != key else {
                throw QuoteIndexError.invalid("A person's own name can't be removed from their aliases. Change the name instead.")
            }
            try await transaction.execute("DELETE FROM person_aliases WHERE alias_key = \(key) AND person_id = \(id)")
            return try await Self.person(slug: slug, transaction)!
        }
    }

    func merge(_ slug: String, into target: String, at date: Date) async throws -> Person {
        try await database.write { transaction in
            guard let from = try await transaction.scalar("SELECT id FROM people WHERE slug = \(slug)", as: Int64.self) else { throw Self.noSuchPerson(slug) }
            guard let into = try await transaction.scalar("SELECT id FROM people WHERE slug = \(target)", as: Int64.self) else { throw Self.noSuchPerson(target) }
            guard from != into else { throw QuoteIndexError.invalid("A person can't be merged into themselves.") }
            let change = try await Self.change(personID: from, transaction)
            try await Self.merge(from, into: into, at: date, transaction)
            try await transaction.announce(ContentChange(keys: change.keys.union(try await Self.change(personID: into, transaction).keys)), at: date)
            return try await Self.person(slug: target, transaction)!
        }
    }

    private static func merge(_ from: Int64, into: Int64, at date: Date, _ transaction: any StorageTransaction) async throws {
        try await transaction.execute("UPDATE quotes SET person_id = \(into) WHERE person_id = \(from)")
        try await transaction.execute("UPDATE quote_decisions SET person_id = \(into) WHERE person_id = \(from)")
        try await transaction.execute("UPDATE person_aliases SET person_id = \(into) WHERE person_id = \(from)")
        try await transaction.execute("UPDATE people SET edited_at = \(date) WHERE id = \(into)")
        try await transaction.execute("DELETE FROM people WHERE id = \(from)")
    }

    /// A person's page and the list of people, and the published stories that quote them.
    private static func change(personID: Int64, _ queries: any StorageQueries) async throws -> ContentChange {
        let articles = try await queries.query("""
            SELECT DISTINCT q.article_id FROM quotes q JOIN articles a ON a.id = q.article_id WHERE q.person_id = \(personID) AND a.status = 'published'
            """, table: "quotes", key: "article_id").map { try $0.decodeFirst(as: Int64.self) }
        return ContentChange(keys: Set(articles.map(ContentChange.articleKey)).union([ContentChange.personKey(personID), ContentChange.peopleKey]))
    }

    private static func noSuchPerson(_ slug: String) -> QuoteIndexError { .notFound("Nobody in the quote index has the address \(slug).") }

    // MARK: Reindex

    func markAllForReindex() async throws -> Int {
        try await database.write { transaction in
            try await transaction.execute("UPDATE articles SET quotes_indexed = 0")
            return try await transaction.count("SELECT count(*) FROM articles")
        }
    }

    func reindex(limit: Int, at date: Date) async throws -> (indexed: Int, remaining: Int) {
        try await database.write { transaction in
            let rows = try await transaction.query("""
                SELECT id, body_markdown, status FROM articles WHERE quotes_indexed < \(QuoteIndex.version) ORDER BY id LIMIT \(limit)
                """, table: "articles")
            var keys: Set<String> = []
            for row in rows {
                let id: Int64 = try row.decode("id")
                let people = try await QuoteWrites.index(articleID: id, body: try row.decode("body_markdown"), at: date, transaction)
                if try row.decode("status", as: String.self) == Article.Status.published.rawValue {
                    keys.formUnion(ContentChange.quotes(articleID: id, people: people).keys)
                }
            }
            if !keys.isEmpty { try await transaction.announce(ContentChange(keys: keys), at: date) }
            let remaining = try await transaction.count("SELECT count(*) FROM articles WHERE quotes_indexed < \(QuoteIndex.version)")
            return (rows.count, remaining)
        }
    }
}
