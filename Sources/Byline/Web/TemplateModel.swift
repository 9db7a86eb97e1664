import Mustache

/// A view model that answers the template engine's lookups itself.
///
/// Left to itself swift-mustache finds a name by reflecting over the model (`Mirror`), which
/// boxes every stored property on every lookup; that was most of an uncached page's CPU. A
/// model names its fields in one `switch` instead, where a flag the template needs ("has
/// tags") is computed from the value it is about, so no stored copy can fall out of step.
protocol TemplateModel: MustacheParent, Sendable {
    /// The value the template means by `mustacheName`, or `.unknown` when the model has no such
    /// field. (The parameter is not called `name` so that it cannot shadow a field of that name.)
    func field(_ mustacheName: String) -> TemplateField
}

/// What a model answers for one name: a value (nil when an optional field is empty, which
/// renders as nothing), or that it has no field of that name, so the engine looks outward.
enum TemplateField {
    case value(Any?)
    case unknown

    /// What the engine is given: nil sends it to the enclosing context, as Mustache specifies.
    var lookedUp: Any? {
        guard case .value(let value) = self else { return nil }
        return value
    }
}

extension TemplateModel {
    func child(named name: String) -> Any? { field(name).lookedUp }
}
