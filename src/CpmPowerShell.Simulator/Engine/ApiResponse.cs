using System.Text;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Engine;

/// <summary>
/// What an operation answers, fully built (body bytes included) so it can be prepared under the store
/// lock and written afterwards.
/// </summary>
sealed class ApiResponse
{
    public const string JsonType = "application/json";

    public int Status { get; init; }
    public string? ContentType { get; init; }
    public byte[]? Body { get; init; }
    public List<KeyValuePair<string, string>> Headers { get; } = new();
    /// <summary>Close the connection without answering (a simulated network drop).</summary>
    public bool Drop { get; init; }

    public ApiResponse WithHeader(string name, string value)
    {
        Headers.Add(new(name, value));
        return this;
    }

    public static ApiResponse Json(int status, JToken body) =>
        new() { Status = status, ContentType = JsonType, Body = Engine.Json.ToBytes(body) };

    public static ApiResponse JsonBytes(int status, byte[] body) =>
        new() { Status = status, ContentType = JsonType, Body = body };

    public static ApiResponse Empty(int status) => new() { Status = status };

    /// <summary>DRF's shape for errors that are not about one field: {"detail": "...", "code": "..."}.</summary>
    public static ApiResponse Detail(int status, string detail, string? code = null)
    {
        var body = new JObject { ["detail"] = detail };
        if (code != null) body["code"] = code;
        return Json(status, body);
    }

    public static ApiResponse NotFound() => Detail(404, "Not found.");

    public static ApiResponse Text(int status, string contentType, string text) =>
        new() { Status = status, ContentType = contentType, Body = Encoding.UTF8.GetBytes(text) };

    public static ApiResponse File(int status, string contentType, byte[] content, string fileName) =>
        new ApiResponse { Status = status, ContentType = contentType, Body = content }
            .WithHeader("Content-Disposition", $"attachment; filename=\"{fileName}\"");
}
