/// The front page and the section, tag and author pages: a heading and a paginated list of stories.
struct ListingPageModel: TemplateModel {
    struct Item: TemplateModel {
        var headline: String
        var url: String
        var dek: String?
        var section: LinkModel
        var authors: [BylineName]
        var time: TimeModel
        var image: ImageModel?

        init(_ summary: ArticleSummary, dates: DateDisplay, catalog: MessageCatalog) {
            headline = summary.headline
            url = SiteURL.article(summary.slug, section: summary.section.slug, publishedAt: summary.publishedAt, dates: dates).path
            dek = summary.dek
            section = LinkModel(name: summary.section.name, url: SiteURL.section(slug: summary.section.slug).path)
            authors = BylineName.list(summary.authors, catalog)
            time = TimeModel(summary.shownDate, dates)
            image = summary.leadImage.map(ImageModel.init)
        }

        func field(_ mustacheName: String) -> TemplateField {
            switch mustacheName {
            case "headline": .value(headline)
            case "url": .value(url)
            case "dek": .value(dek)
            case "section": .value(section)
            case "authors": .value(authors)
            case "time": .value(time)
            case "image": .value(image)
            default: .unknown
            }
        }
    }

    var site: SiteChrome
    var page: PageMeta
    /// "Latest news", a section's name, "Stories tagged …", an author's name.
    var heading: String
    /// Hidden visually on the front page, where the masthead already names the site.
    var headingIsVisible: Bool
    var intro: String?
    /// The first story of the front page's first page, shown large.
    var lead: Item?
    var items: [Item]
    var pagination: PaginationModel?

    init(
        site: SiteChrome, page: PageMeta, heading: String, headingIsVisible: Bool = true, intro: String?,
        stories: Page<ArticleSummary>, featureFirst: Bool, dates: DateDisplay, catalog: MessageCatalog, url: (Int) -> SiteURL
    ) {
        self.site = site
        self.page = page
        self.heading = heading
        self.headingIsVisible = headingIsVisible
        self.intro = intro
        var items = stories.items.map { Item($0, dates: dates, catalog: catalog) }
        lead = featureFirst && stories.request.number == 1 && !items.isEmpty ? items.removeFirst() : nil
        self.items = items
        pagination = PaginationModel.of(stories) { url($0).path }
    }

    func field(_ mustacheName: String) -> TemplateField {
        switch mustacheName {
        case "site": .value(site)
        case "page": .value(page)
        case "heading": .value(heading)
        case "headingIsVisible": .value(headingIsVisible)
        case "intro": .value(intro)
        case "lead": .value(lead)
        case "items": .value(items)
        case "isEmpty": .value(lead == nil && items.isEmpty)
        case "pagination": .value(pagination)
        default: .unknown
        }
    }
}
