import GRDB

/// The SQLite schema, one append-only migration at a time.
///
/// A migration that has shipped is never edited: add a new one instead. Migrations are
/// plain SQL so that they don't change meaning when Swift types do.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("0001-articles") { db in
            try db.execute(sql: """
                CREATE TABLE sections (
                    id INTEGER PRIMARY KEY,
                    slug TEXT NOT NULL UNIQUE CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'),
                    name TEXT NOT NULL CHECK (trim(name) <> ''),
                    description TEXT NOT NULL DEFAULT '',
                    position INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE authors (
                    id INTEGER PRIMARY KEY,
                    slug TEXT NOT NULL UNIQUE CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'),
                    name TEXT NOT NULL CHECK (trim(name) <> ''),
                    bio TEXT NOT NULL DEFAULT ''
                );
                CREATE TABLE tags (
                    id INTEGER PRIMARY KEY,
                    slug TEXT NOT NULL UNIQUE CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'),
                    name TEXT NOT NULL CHECK (trim(name) <> '')
                );
                CREATE TABLE articles (
                    id INTEGER PRIMARY KEY,
                    external_id TEXT UNIQUE CHECK (external_id <> ''),
                    slug TEXT NOT NULL UNIQUE CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'),
                    headline TEXT NOT NULL CHECK (trim(headline) <> ''),
                    dek TEXT,
                    dateline TEXT,
                    credit_kind TEXT NOT NULL CHECK (credit_kind IN ('staff', 'wires', 'syndicated')),
                    credit_source TEXT,
                    section_id INTEGER NOT NULL REFERENCES sections(id) ON DELETE RESTRICT,
                    lead_image_src TEXT,
                    lead_image_width INTEGER,
                    lead_image_height INTEGER,
                    lead_image_alt TEXT,
                    lead_image_caption TEXT,
                    lead_image_credit TEXT,
                    body_markdown TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
                    published_at DATETIME,
                    updated_at DATETIME NOT NULL,
                    display_date DATETIME,
                    comments_open INTEGER NOT NULL DEFAULT 1 CHECK (comments_open IN (0, 1)),
                    comments_close_at DATETIME,
                    created_at DATETIME NOT NULL,
                    CHECK ((credit_kind = 'staff') = (credit_source IS NULL)),
                    CHECK (credit_source IS NULL OR trim(credit_source) <> ''),
                    CHECK (status = 'draft' OR published_at IS NOT NULL),
                    CHECK (
                        (lead_image_src IS NULL AND lead_image_width IS NULL AND lead_image_height IS NULL
                            AND lead_image_alt IS NULL AND lead_image_caption IS NULL AND lead_image_credit IS NULL)
                        OR (lead_image_src IS NOT NULL AND lead_image_width > 0 AND lead_image_height > 0
                            AND trim(coalesce(lead_image_alt, '')) <> '')
                    )
                );
                CREATE INDEX articles_by_listed_date ON articles (coalesce(display_date, published_at) DESC, id DESC)
                    WHERE status = 'published';
                CREATE INDEX articles_by_section ON articles (section_id);
                CREATE TABLE article_authors (
                    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                    author_id INTEGER NOT NULL REFERENCES authors(id) ON DELETE RESTRICT,
                    position INTEGER NOT NULL CHECK (position >= 0),
                    PRIMARY KEY (article_id, author_id)
                );
                CREATE INDEX article_authors_by_author ON article_authors (author_id);
                CREATE TABLE article_tags (
                    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE RESTRICT,
                    position INTEGER NOT NULL CHECK (position >= 0),
                    PRIMARY KEY (article_id, tag_id)
                );
                CREATE INDEX article_tags_by_tag ON article_tags (tag_id);
                CREATE TABLE corrections (
                    id INTEGER PRIMARY KEY,
                    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL CHECK (position >= 0),
                    kind TEXT NOT NULL CHECK (kind IN ('correction', 'clarification', 'update')),
                    text TEXT NOT NULL CHECK (trim(text) <> ''),
                    noted_at DATETIME NOT NULL,
                    UNIQUE (article_id, position)
                );
                CREATE TABLE slug_redirects (
                    old_slug TEXT PRIMARY KEY NOT NULL,
                    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
                );
                """)
        }
        migrator.registerMigration("0002-job-runs") { db in
            try db.execute(sql: """
                CREATE TABLE job_runs (
                    job TEXT NOT NULL CHECK (job <> ''),
                    slot INTEGER NOT NULL,
                    claimed_at DATETIME NOT NULL,
                    PRIMARY KEY (job, slot)
                );
                """)
        }
        migrator.registerMigration("0003-comments") { db in
            try db.execute(sql: """
                CREATE TABLE comments (
                    id INTEGER PRIMARY KEY,
                    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                    parent_id INTEGER REFERENCES comments(id) ON DELETE CASCADE,
                    root_id INTEGER REFERENCES comments(id) ON DELETE CASCADE,
                    depth INTEGER NOT NULL CHECK (depth >= 1),
                    author_name TEXT NOT NULL CHECK (length(author_name) BETWEEN 1 AND 100),
                    author_email TEXT NOT NULL CHECK (length(author_email) BETWEEN 3 AND 254 AND author_email = lower(author_email)),
                    author_url TEXT CHECK (author_url IS NULL OR (length(author_url) <= 2000 AND (author_url LIKE 'http://%' OR author_url LIKE 'https://%'))),
                    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
                    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
                    ip TEXT,
                    ip_network TEXT,
                    user_agent TEXT,
                    created_at DATETIME NOT NULL,
                    CHECK ((parent_id IS NULL) = (root_id IS NULL)),
                    CHECK ((parent_id IS NULL) = (depth = 1))
                );
                CREATE INDEX comments_threads ON comments (article_id, status, created_at, id) WHERE parent_id IS NULL;
                CREATE INDEX comments_by_root ON comments (root_id, status);
                CREATE INDEX comments_by_status ON comments (status, created_at);
                CREATE INDEX comments_by_email ON comments (author_email, created_at);
                CREATE INDEX comments_by_ip ON comments (ip, created_at);
                CREATE INDEX comments_by_network ON comments (ip_network, created_at);
                CREATE TABLE comment_decisions (
                    id INTEGER PRIMARY KEY,
                    comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'trash')),
                    decided_by TEXT NOT NULL CHECK (decided_by <> ''),
                    reason TEXT NOT NULL,
                    decided_at DATETIME NOT NULL
                );
                CREATE INDEX comment_decisions_by_comment ON comment_decisions (comment_id, id);
                CREATE TABLE comment_bans (
                    kind TEXT NOT NULL CHECK (kind IN ('email', 'ip')),
                    value TEXT NOT NULL CHECK (value <> ''),
                    reason TEXT NOT NULL,
                    created_by TEXT NOT NULL,
                    created_at DATETIME NOT NULL,
                    PRIMARY KEY (kind, value)
                );
                """)
        }
        migrator.registerMigration("0004-site-secrets") { db in
            try db.execute(sql: """
                CREATE TABLE site_secrets (
                    name TEXT PRIMARY KEY NOT NULL,
                    value BLOB NOT NULL CHECK (length(value) >= 32)
                );
                """)
        }
        migrator.registerMigration("0005-users") { db in
            try db.execute(sql: """
                CREATE TABLE users (
                    id INTEGER PRIMARY KEY,
                    email TEXT NOT NULL UNIQUE CHECK (email = lower(email) AND email LIKE '%_@_%'),
                    name TEXT NOT NULL CHECK (trim(name) <> ''),
                    role TEXT NOT NULL CHECK (role IN ('contributor', 'author', 'editor', 'admin')),
                    password_hash TEXT NOT NULL CHECK (password_hash LIKE '$2_$%'),
                    created_at DATETIME NOT NULL
                );
                """)
        }
        migrator.registerMigration("0006-newsroom") { db in
            try db.execute(sql: """
                ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
                ALTER TABLE articles ADD COLUMN owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL;
                ALTER TABLE articles ADD COLUMN scheduled_at DATETIME;
                CREATE INDEX articles_scheduled ON articles (scheduled_at) WHERE scheduled_at IS NOT NULL;
                CREATE INDEX articles_by_updated ON articles (updated_at DESC, id DESC);
                CREATE TABLE article_revisions (
                    id INTEGER PRIMARY KEY,
                    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                    version INTEGER NOT NULL CHECK (version >= 1),
                    document TEXT NOT NULL,
                    saved_by_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
                    saved_by_name TEXT NOT NULL,
                    note TEXT NOT NULL DEFAULT '',
                    saved_at DATETIME NOT NULL,
                    UNIQUE (article_id, version)
                );
                CREATE TABLE sessions (
                    token_hash TEXT PRIMARY KEY NOT NULL,
                    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    csrf_token TEXT NOT NULL CHECK (length(csrf_token) >= 32),
                    created_at DATETIME NOT NULL,
                    last_seen_at DATETIME NOT NULL,
                    expires_at DATETIME NOT NULL,
                    ip TEXT,
                    user_agent TEXT
                );
                CREATE INDEX sessions_by_user ON sessions (user_id);
                CREATE INDEX sessions_by_expiry ON sessions (expires_at);
                CREATE TABLE sign_in_failures (
                    key TEXT PRIMARY KEY NOT NULL,
                    failures INTEGER NOT NULL CHECK (failures >= 1),
                    last_failure_at DATETIME NOT NULL,
                    blocked_until DATETIME NOT NULL
                );
                CREATE TABLE media (
                    id INTEGER PRIMARY KEY,
                    file_name TEXT NOT NULL UNIQUE CHECK (file_name NOT GLOB '*[^a-z0-9.]*'),
                    media_type TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp', 'image/gif')),
                    width INTEGER NOT NULL CHECK (width > 0),
                    height INTEGER NOT NULL CHECK (height > 0),
                    byte_count INTEGER NOT NULL CHECK (byte_count > 0),
                    original_name TEXT NOT NULL DEFAULT '',
                    alt TEXT NOT NULL DEFAULT '',
                    caption TEXT NOT NULL DEFAULT '',
                    credit TEXT NOT NULL DEFAULT '',
                    uploaded_by_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
                    created_at DATETIME NOT NULL
                );
                CREATE INDEX media_by_date ON media (created_at DESC, id DESC);
                CREATE TABLE media_blobs (
                    file_name TEXT PRIMARY KEY NOT NULL,
                    data BLOB NOT NULL
                );
                CREATE TABLE site_settings (
                    name TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL,
                    updated_by TEXT NOT NULL,
                    updated_at DATETIME NOT NULL
                );
                CREATE TABLE section_redirects (
                    old_slug TEXT PRIMARY KEY NOT NULL,
                    section_id INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE
                );
                CREATE TABLE tag_redirects (
                    old_slug TEXT PRIMARY KEY NOT NULL,
                    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE
                );
                ALTER TABLE comments ADD COLUMN staff_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL;
                """)
        }
        migrator.registerMigration("0007-search") { db in
            // The folded copies are written by the application (`SearchText`), so that both
            // backends, and the queries, fold accents and case the same way.
            try db.execute(sql: """
                ALTER TABLE articles ADD COLUMN search_title TEXT;
                ALTER TABLE articles ADD COLUMN search_body TEXT;
                CREATE VIRTUAL TABLE article_search USING fts5(
                    search_title, search_body, content = 'articles', content_rowid = 'id', tokenize = 'unicode61'
                );
                CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
                    INSERT INTO article_search (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
                END;
                CREATE TRIGGER article_search_delete AFTER DELETE ON articles BEGIN
                    INSERT INTO article_search (article_search, rowid, search_title, search_body)
                    VALUES ('delete', old.id, old.search_title, old.search_body);
                END;
                CREATE TRIGGER article_search_update AFTER UPDATE OF search_title, search_body ON articles BEGIN
                    INSERT INTO article_search (article_search, rowid, search_title, search_body)
                    VALUES ('delete', old.id, old.search_title, old.search_body);
                    INSERT INTO article_search (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
                END;
                """)
        }
        migrator.registerMigration("0008-api-tokens") { db in
            try db.execute(sql: """
                CREATE TABLE api_tokens (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL CHECK (trim(name) <> ''),
                    token_hash TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL CHECK (role IN ('contributor', 'author', 'editor', 'admin')),
                    created_at DATETIME NOT NULL,
                    last_used_at DATETIME,
                    revoked_at DATETIME
                );
                """)
        }
        migrator.registerMigration("0009-webhooks") { db in
            try db.execute(sql: """
                CREATE TABLE webhooks (
                    id INTEGER PRIMARY KEY,
                    url TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
                    events TEXT NOT NULL CHECK (events <> ''),
                    secret TEXT NOT NULL CHECK (length(secret) >= 32),
                    created_at DATETIME NOT NULL
                );
                CREATE TABLE webhook_deliveries (
                    id INTEGER PRIMARY KEY,
                    webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
                    event TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at DATETIME NOT NULL,
                    claimed_until DATETIME,
                    last_status INTEGER,
                    last_error TEXT,
                    created_at DATETIME NOT NULL,
                    delivered_at DATETIME
                );
                CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
                CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);
                """)
        }
        migrator.registerMigration("0010-listing-indexes") { db in
            // The search index holds published articles only, so that a search never has to
            // read article rows to leave drafts out: checking 10,000 rows' status cost more than
            // the search itself. A row is in the index exactly while it is published, which the
            // FTS5 'delete' command relies on.
            try db.execute(sql: """
                DROP TRIGGER article_search_insert;
                DROP TRIGGER article_search_delete;
                DROP TRIGGER article_search_update;
                INSERT INTO article_search (article_search) VALUES ('delete-all');
                INSERT INTO article_search (rowid, search_title, search_body)
                    SELECT id, search_title, search_body FROM articles WHERE status = 'published';
                CREATE TRIGGER article_search_insert AFTER INSERT ON articles WHEN new.status = 'published' BEGIN
                    INSERT INTO article_search (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
                END;
                CREATE TRIGGER article_search_delete AFTER DELETE ON articles WHEN old.status = 'published' BEGIN
                    INSERT INTO article_search (article_search, rowid, search_title, search_body)
                    VALUES ('delete', old.id, old.search_title, old.search_body);
                END;
                CREATE TRIGGER article_search_update AFTER UPDATE OF search_title, search_body, status ON articles BEGIN
                    INSERT INTO article_search (article_search, rowid, search_title, search_body)
                        SELECT 'delete', old.id, old.search_title, old.search_body WHERE old.status = 'published';
                    INSERT INTO article_search (rowid, search_title, search_body)
                        SELECT new.id, new.search_title, new.search_body WHERE new.status = 'published';
                END;
                CREATE INDEX articles_by_section_date ON articles (section_id, coalesce(display_date, published_at) DESC, id DESC)
                    WHERE status = 'published';
                """)
            // `status` and the dates sit after the body in each row, so reading them from the
            // table walks the body's overflow pages; these indexes answer counts and rankings
            // without touching a row.
            try db.execute(sql: """
                CREATE INDEX articles_by_section_status ON articles (section_id, status);
                CREATE INDEX articles_placement ON articles (id, status, section_id, coalesce(display_date, published_at));
                """)
            // An article's comment count read the status index of every comment on the site.
            try db.execute(sql: "CREATE INDEX comments_by_article ON comments (article_id, status)")
        }
        // 0010 was edited after it had shipped, so a database migrated in between lacks the two
        // indexes added to it then. `IF NOT EXISTS` gives every database the same schema.
        migrator.registerMigration("0011-listing-indexes-everywhere") { db in
            try db.execute(sql: """
                CREATE INDEX IF NOT EXISTS articles_by_section_status ON articles (section_id, status);
                CREATE INDEX IF NOT EXISTS articles_placement ON articles (id, status, section_id, coalesce(display_date, published_at));
                CREATE INDEX IF NOT EXISTS comments_by_article ON comments (article_id, status);
                """)
        }
        // An import finds again what it stored (by the other system's ID), and the other
        // system's addresses keep answering, with a 301 to where their content lives now.
        migrator.registerMigration("0012-imports") { db in
            try db.execute(sql: """
                CREATE TABLE imported_records (
                    source TEXT NOT NULL CHECK (source <> ''),
                    kind TEXT NOT NULL CHECK (kind IN ('comment', 'page', 'media')),
                    external_id TEXT NOT NULL CHECK (external_id <> ''),
                    local_id INTEGER NOT NULL,
                    PRIMARY KEY (source, kind, external_id)
                );
                CREATE TABLE site_redirects (
                    path TEXT PRIMARY KEY NOT NULL CHECK (path LIKE '/%'),
                    article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
                    target TEXT CHECK (target IS NULL OR target LIKE '/%'),
                    source TEXT NOT NULL CHECK (source <> ''),
                    CHECK ((article_id IS NULL) <> (target IS NULL))
                );
                CREATE INDEX site_redirects_by_article ON site_redirects (article_id);
                """)
        }
        // Standing pages (About us, the ethics policy…), with their revisions.
        migrator.registerMigration("0013-pages") { db in
            try db.execute(sql: """
                CREATE TABLE pages (
                    id INTEGER PRIMARY KEY,
                    parent_id INTEGER REFERENCES pages(id) ON DELETE RESTRICT,
                    slug TEXT NOT NULL CHECK (slug <> '' AND slug NOT GLOB '*[^a-z0-9-]*'),
                    path TEXT NOT NULL UNIQUE CHECK (path LIKE '/%/'),
                    title TEXT NOT NULL CHECK (trim(title) <> ''),
                    body TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
                    menu_position INTEGER,
                    version INTEGER NOT NULL CHECK (version >= 1),
                    published_at DATETIME,
                    updated_at DATETIME NOT NULL,
                    created_at DATETIME NOT NULL
                );
                CREATE INDEX pages_by_parent ON pages (parent_id);
                CREATE TABLE page_revisions (
                    id INTEGER PRIMARY KEY,
                    page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
                    version INTEGER NOT NULL CHECK (version >= 1),
                    title TEXT NOT NULL,
                    slug TEXT NOT NULL,
                    body TEXT NOT NULL,
                    editor TEXT NOT NULL,
                    note TEXT NOT NULL,
                    saved_at DATETIME NOT NULL,
                    UNIQUE (page_id, version)
                );
                """)
        }
        // Imports started from the newsroom: the uploaded file, so that any node can run it,
        // and its progress and report, so that any node can show them.
        migrator.registerMigration("0014-import-jobs") { db in
            try db.execute(sql: """
                CREATE TABLE import_jobs (
                    id INTEGER PRIMARY KEY,
                    file_name TEXT NOT NULL,
                    file BLOB NOT NULL,
                    dry_run INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
                    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
                    done INTEGER NOT NULL,
                    total INTEGER NOT NULL,
                    report TEXT NOT NULL,
                    requested_by TEXT NOT NULL,
                    created_at DATETIME NOT NULL,
                    updated_at DATETIME NOT NULL
                );
                CREATE INDEX import_jobs_by_state ON import_jobs (state, id);
                """)
        }
        migrator.registerMigration("0015-wire") { db in
            try db.execute(sql: """
                ALTER TABLE articles ADD COLUMN language TEXT CHECK (language IS NULL OR trim(language) <> '');
                ALTER TABLE articles ADD COLUMN embargoed_until DATETIME;
                ALTER TABLE articles ADD COLUMN withdrawn_at DATETIME;
                ALTER TABLE articles ADD COLUMN withdrawn_note TEXT;
                CREATE TABLE wire_sources (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE CHECK (trim(name) <> ''),
                    credit TEXT NOT NULL CHECK (trim(credit) <> ''),
                    policy TEXT NOT NULL CHECK (policy IN ('draft', 'publish')),
                    section_slug TEXT NOT NULL CHECK (section_slug <> ''),
                    subjects TEXT NOT NULL,
                    created_at DATETIME NOT NULL
                );
                CREATE TABLE wire_items (
                    id INTEGER PRIMARY KEY,
                    guid TEXT NOT NULL UNIQUE CHECK (guid <> ''),
                    source TEXT NOT NULL,
                    format TEXT NOT NULL,
                    article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
                    agency_version INTEGER,
                    version_created DATETIME,
                    first_created DATETIME,
                    state TEXT NOT NULL CHECK (state IN ('new', 'updated', 'held', 'killed', 'withheld')),
                    headline TEXT NOT NULL,
                    editorial_note TEXT,
                    embargoed_until DATETIME,
                    article_version INTEGER,
                    pending_document TEXT,
                    pending_version INTEGER,
                    received_at DATETIME NOT NULL,
                    updated_at DATETIME NOT NULL
                );
                CREATE INDEX wire_items_by_update ON wire_items (updated_at DESC, id DESC);
                CREATE INDEX wire_items_by_article ON wire_items (article_id);
                CREATE TABLE wire_log (
                    id INTEGER PRIMARY KEY,
                    received_at DATETIME NOT NULL,
                    source TEXT NOT NULL,
                    origin TEXT NOT NULL,
                    guid TEXT,
                    agency_version INTEGER,
                    outcome TEXT NOT NULL CHECK (outcome IN ('created', 'updated', 'held', 'killed', 'withheld', 'ignored', 'failed')),
                    detail TEXT NOT NULL
                );
                CREATE INDEX wire_log_by_time ON wire_log (received_at DESC, id DESC);
                """)
        }
        // Every newsroom page counts held wire updates, and the queue filters by state.
        migrator.registerMigration("0016-wire-queue-by-state") { db in
            try db.execute(sql: "CREATE INDEX wire_items_by_state ON wire_items (state, updated_at DESC, id DESC);")
        }
        // The quote index: people (and institutions) quoted, every story's quotes, and
        // editors' decisions, which are kept by the quote's words so that they outlive edits.
        migrator.registerMigration("0017-quotes") { db in
            try db.execute(sql: """
                CREATE TABLE people (
                    id INTEGER PRIMARY KEY,
                    slug TEXT NOT NULL UNIQUE CHECK (slug <> ''),
                    name TEXT NOT NULL CHECK (trim(name) <> ''),
                    kind TEXT NOT NULL CHECK (kind IN ('person', 'organisation')),
                    description TEXT,
                    wikidata_id TEXT,
                    edited_at DATETIME,
                    created_at DATETIME NOT NULL
                );
                CREATE TABLE person_aliases (
                    alias_key TEXT PRIMARY KEY CHECK (alias_key <> ''),
                    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
                    alias TEXT NOT NULL
                );
                CREATE INDEX person_aliases_by_person ON person_aliases (person_id);
                CREATE TABLE quotes (
                    id INTEGER PRIMARY KEY,
                    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    paragraph INTEGER NOT NULL,
                    text TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    search_text TEXT NOT NULL,
                    person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
                    found_speaker TEXT,
                    cue TEXT,
                    unnamed_source TEXT,
                    is_scare INTEGER NOT NULL CHECK (is_scare IN (0, 1)),
                    confirmed INTEGER NOT NULL CHECK (confirmed IN (0, 1)),
                    hidden INTEGER NOT NULL CHECK (hidden IN (0, 1)),
                    UNIQUE (article_id, position)
                );
                CREATE INDEX quotes_by_person ON quotes (person_id, article_id);
                CREATE TABLE quote_decisions (
                    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                    fingerprint TEXT NOT NULL,
                    action TEXT NOT NULL CHECK (action IN ('speaker', 'unnamed', 'hide')),
                    person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
                    decided_by TEXT NOT NULL,
                    decided_at DATETIME NOT NULL,
                    PRIMARY KEY (article_id, fingerprint),
                    CHECK ((action = 'speaker') = (person_id IS NOT NULL))
                );
                CREATE INDEX quote_decisions_by_person ON quote_decisions (person_id);
                ALTER TABLE articles ADD COLUMN quotes_indexed INTEGER NOT NULL DEFAULT 0;
                """)
        }
        // The related-stories box reads each of a story's tags' newest stories, and only
        // those: ordered by article within the tag, and covering, so no table row is read
        // (with the tag alone indexed, a 100,000-story archive spent 4.8 ms per page on it).
        migrator.registerMigration("0018-tag-stories-by-article") { db in
            try db.execute(sql: """
                CREATE INDEX article_tags_by_tag_article ON article_tags (tag_id, article_id DESC);
                DROP INDEX article_tags_by_tag;
                """)
        }
        // Translations point at the original story, never at another translation, so one
        // indexed lookup finds a story's every version. The search index is rebuilt with
        // FTS5's own accent folding, which holds even for text not folded by `SearchText`.
        migrator.registerMigration("0019-translations") { db in
            try db.execute(sql: """
                ALTER TABLE articles ADD COLUMN translation_of INTEGER REFERENCES articles(id) ON DELETE SET NULL;
                CREATE INDEX articles_translations ON articles (translation_of) WHERE translation_of IS NOT NULL;
                CREATE INDEX articles_by_language_date ON articles (language, coalesce(display_date, published_at) DESC, id DESC)
                    WHERE status = 'published';
                DROP TRIGGER article_search_insert;
                DROP TRIGGER article_search_delete;
                DROP TRIGGER article_search_update;
                DROP TABLE article_search;
                CREATE VIRTUAL TABLE article_search USING fts5(
                    search_title, search_body, content = 'articles', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
                );
                INSERT INTO article_search (rowid, search_title, search_body)
                    SELECT id, search_title, search_body FROM articles WHERE status = 'published';
                CREATE TRIGGER article_search_insert AFTER INSERT ON articles WHEN new.status = 'published' BEGIN
                    INSERT INTO article_search (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
                END;
                CREATE TRIGGER article_search_delete AFTER DELETE ON articles WHEN old.status = 'published' BEGIN
                    INSERT INTO article_search (article_search, rowid, search_title, search_body)
                    VALUES ('delete', old.id, old.search_title, old.search_body);
                END;
                CREATE TRIGGER article_search_update AFTER UPDATE OF search_title, search_body, status ON articles BEGIN
                    INSERT INTO article_search (article_search, rowid, search_title, search_body)
                        SELECT 'delete', old.id, old.search_title, old.search_body WHERE old.status = 'published';
                    INSERT INTO article_search (rowid, search_title, search_body)
                        SELECT new.id, new.search_title, new.search_body WHERE new.status = 'published';
                END;
                """)
        }
        // Each member reads the newsroom in their own language; none set is the site's.
        migrator.registerMigration("0020-newsroom-language") { db in
            try db.execute(sql: "ALTER TABLE users ADD COLUMN language TEXT CHECK (language IS NULL OR trim(language) <> '')")
        }
        return migrator
    }
}
