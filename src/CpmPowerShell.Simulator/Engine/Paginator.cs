using System.Globalization;
using System.Text;
using CpmPowerShell.Simulator.Engine.Store;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Engine;

/// <summary>
/// Chapter 1.7 as DRF's PageNumberPagination does it with no default page size: a positive page_size
/// turns paging on (page defaults to 1, "last" means the last page) and the body becomes
/// {"count","next","previous","results"}; without it, or with page_size 0 or not a number, the whole list
/// comes back as a bare array, whatever page says. A page past the end is 404 "Invalid page.".
/// </summary>
static class Paginator
{
    static readonly byte[] Comma = { (byte)',' };

    public static bool Supports(ApiRequest request) =>
        request.Operation.ReturnsArray && (request.Operation.Paginated || request.Operation.Query("page_size") != null);

    public static ApiResponse Respond(ApiRequest request, IReadOnlyList<Record> items, int status = 200)
    {
        if (!Supports(request) || PageSize(request) is not { } size) return ApiResponse.JsonBytes(status, Array(items, 0, items.Count));

        var pageText = request.QueryValue("page");
        var pages = Math.Max(1, (items.Count + size - 1) / size);
        int page;
        if (string.IsNullOrEmpty(pageText)) page = 1;
        else if (pageText == "last") page = pages;
        else if (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1 || page > pages)
            return ApiResponse.Detail(404, "Invalid page.");

        var start = (page - 1) * size;
        var count = Math.Min(size, items.Count - start);
        using var body = new MemoryStream(64 + count * 256);
        Write(body, $"{{\"count\":{items.Count},\"next\":{Link(request, page < pages ? page + 1 : null)},\"previous\":{Link(request, page > 1 ? page - 1 : null)},\"results\":");
        body.Write(Array(items, start, count));
        Write(body, "}");
        return ApiResponse.JsonBytes(status, body.ToArray());
    }

    static int? PageSize(ApiRequest request) =>
        int.TryParse(request.QueryValue("page_size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0 ? size : null;

    /// <summary>A JSON array of the cached record bytes.</summary>
    public static byte[] Array(IReadOnlyList<Record> items, int start, int count)
    {
        var length = 2 + Math.Max(0, count - 1);
        for (var i = start; i < start + count; i++) length += items[i].Utf8.Length;
        var buffer = new byte[length];
        var offset = 0;
        buffer[offset++] = (byte)'[';
        for (var i = start; i < start + count; i++)
        {
            if (i > start) buffer[offset++] = Comma[0];
            var bytes = items[i].Utf8;
            Buffer.BlockCopy(bytes, 0, buffer, offset, bytes.Length);
            offset += bytes.Length;
        }
        buffer[offset] = (byte)']';
        return buffer;
    }

    /// <summary>
    /// An absolute link to another page of the same query, keys sorted as DRF writes them; the link to
    /// page 1 drops the page parameter, as DRF does.
    /// </summary>
    static string Link(ApiRequest request, int? page)
    {
        if (page == null) return "null";
        var parameters = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in request.Query)
            parameters[name] = values.Select(v => v ?? "").ToList();
        if (page == 1) parameters.Remove("page");
        else parameters["page"] = new List<string> { page.Value.ToString(CultureInfo.InvariantCulture) };
        var query = string.Join('&', parameters.SelectMany(p => p.Value.Select(v => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(v))));
        var http = request.Http.Request;
        var url = $"{http.Scheme}://{http.Host}{http.PathBase}{request.Path}" + (query.Length > 0 ? "?" + query : "");
        return new JValue(url).ToString(Newtonsoft.Json.Formatting.None);
    }

    static void Write(Stream stream, string text) => stream.Write(Encoding.UTF8.GetBytes(text));
}
