import Foundation
import Hummingbird
import Logging

/// Turns every failure into a themed page: 404 for what doesn't exist, the error's own
/// status for other HTTP errors, 503 while the database is out of reach, and a 500 that
/// says nothing about the cause.
///
/// The cause of a 500 goes to the log, never to the reader.
struct ErrorPageMiddleware<Context: RequestContext>: RouterMiddleware {
    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch where request.uri.path.hasPrefix(SiteURL.API.prefix) {
            // Programs get JSON in one stable shape, whatever went wrong.
            if let apiError = APIError.from(error) { return apiError.response }
            context.logger.error("API request failed", metadata: ["path": .string(request.uri.path), "error": .string(String(reflecting: error))])
            return APIError(.internalServerError, "internal", "Something went wrong on the server.").response
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            let status = error.status
            let (heading, message) = status == .notFound
                ? (Message("Page not found"), Message("We couldn’t find that page. It may have moved, or the address may be mistyped."))
                : (Message("Request not understood"), Message("Your browser sent a request this site could not handle."))
            return await pages.errorResponse(to: request, status: status, heading: heading, message: message)
        } catch StorageError.unavailable {
            context.logger.warning("database unavailable", metadata: ["path": .string(request.uri.path)])
            var response = await pages.errorResponse(
                to: request, status: .serviceUnavailable, heading: Message("Temporarily unavailable"),
                message: Message("The site can’t reach its newsroom database right now. Please try again in a few seconds.")
            )
            response.headers[.retryAfter] = "5"
            return response
        } catch {
            context.logger.error("request failed", metadata: ["path": .string(request.uri.path), "error": .string(String(reflecting: error))])
            return await pages.errorResponse(
                to: request, status: .internalServerError, heading: Message("Something went wrong"),
                message: Message("The newsroom’s systems hit a problem showing this page. Please try again in a moment.")
            )
        }
    }
}
