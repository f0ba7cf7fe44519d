using Microsoft.AspNetCore.Http;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Engine;

/// <summary>
/// Reads a request body as DRF's default parsers do: JSON, or form fields (urlencoded or multipart;
/// the guide's token calls are form posts). A repeated form field becomes a list.
/// </summary>
static class RequestBodyReader
{
    public static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength == null && request.Headers.TransferEncoding.Count > 0);

    /// <summary>The parsed body (null when there is none), or the error answer.</summary>
    public static async Task<(JToken? Body, ApiResponse? Error)> ReadAsync(HttpRequest request)
    {
        if (!HasBody(request)) return (null, null);
        var mediaType = (request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            var body = new JObject();
            foreach (var (name, values) in form)
                body[name] = values.Count == 1 ? new JValue(values[0]) : new JArray(values.Select(v => new JValue(v)));
            foreach (var file in form.Files)
            {
                using var reader = new StreamReader(file.OpenReadStream());
                body[file.Name] = await reader.ReadToEndAsync();
            }
            return (body, null);
        }

        if (mediaType.Length == 0 || mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal))
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            if (text.Trim().Length == 0) return (null, null);
            try
            {
                return (Json.Parse(text), null);
            }
            catch (JsonException e)
            {
                return (null, ApiResponse.Detail(400, "JSON parse error - " + e.Message, "parse_error"));
            }
        }

        return (null, ApiResponse.Detail(415, $"Unsupported media type \"{request.ContentType}\" in request.", "unsupported_media_type"));
    }
}
