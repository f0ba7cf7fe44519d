using System.Diagnostics;
using CpmPowerShell.Simulator.Admin;
using CpmPowerShell.Simulator.Auth;
using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Spec;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Hosting;

/// <summary>
/// Answers every /api/ call, in the order DRF checks things: faults (a proxy in front), route (404),
/// Accept and version (406), token (401), method (405), query and body (400), parent records (404),
/// then the operation's handler.
/// </summary>
sealed class ApiPipeline
{
    readonly SimulatorState state;
    readonly ILogger logger;

    public ApiPipeline(SimulatorState state, ILogger logger)
    {
        this.state = state;
        this.logger = logger;
    }

    public async Task HandleAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        var method = http.Request.Method;
        var path = http.Request.Path.Value ?? "/";
        var isTokenCall = TokenEndpoints.IsTokenPath(path);
        string? operation = null;

        var fault = state.Faults.Decide(method, path, isTokenCall);
        if (fault.DelayMs > 0)
        {
            try { await Task.Delay(fault.DelayMs, http.RequestAborted); }
            catch (OperationCanceledException) { return; } // the client gave up while we were "slow"
        }
        ApiResponse response;
        try
        {
            response = fault.Response ?? await ProcessAsync(http, method, path, isTokenCall, name => operation = name);
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "Unhandled error answering {Method} {Path}", method, path);
            response = ApiResponse.Detail(500, "A server error occurred.");
        }

        var status = response.Drop ? 0 : response.Status;
        state.Stats.Record(method, path, operation, status, isTokenCall, fault.Injected);
        state.Log.Add(new LoggedRequest(state.Clock.GetUtcNow(), method, path, http.Request.QueryString.Value ?? "", status,
            RequestBodyReader.HasBody(http.Request), operation, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        await WriteAsync(http, response, fault.TruncateAfterBytes);
    }

    async Task<ApiResponse> ProcessAsync(HttpContext http, string method, string path, bool isTokenCall, Action<string> named)
    {
        var match = state.Model.Routes.Match(path);
        if (match == null) return ApiResponse.NotFound();
        var operations = match.Route.Operations;
        var operation = operations.GetValueOrDefault(method);
        named((operation?.Method ?? method) + " " + match.Route.Template);

        var notAcceptable = state.Negotiation.Negotiate(http.Request.Headers.Accept.ToString(), operation ?? operations.Values.First(), out var negotiated);
        if (notAcceptable != null) return notAcceptable;

        long userId = TokenEndpoints.RootUserId;
        if (!isTokenCall && state.TokenEndpoints.Authenticate(http.Request.Headers.Authorization.ToString(), out userId) is { } unauthorized)
            return unauthorized;
        if (operation == null)
            return ApiResponse.Detail(405, $"Method \"{method}\" not allowed.")
                .WithHeader("Allow", string.Join(", ", operations.Keys.OrderBy(k => k, StringComparer.Ordinal)));

        var queryErrors = QueryValidator.Validate(operation, http.Request.Query);
        if (queryErrors.Any) return queryErrors.ToResponse();

        var body = new JObject();
        var errors = new ValidationErrors();
        if (operation.RequestBody != null)
        {
            var (raw, bodyError) = await RequestBodyReader.ReadAsync(http.Request);
            if (bodyError != null) return bodyError;
            body = BodyValidator.Validate(raw, operation.RequestBody, errors);
        }

        if (isTokenCall) return errors.Any ? errors.ToResponse() : Token(path, body);

        var request = new ApiRequest
        {
            Http = http,
            Info = state.Model.Info(operation),
            Match = match,
            Body = body,
            UserId = userId,
            WantsCsv = negotiated.Csv,
            ApiVersion = negotiated.ApiVersion,
            Now = Timestamps.TruncateToSeconds(state.Clock.GetUtcNow()),
        };
        lock (state.Store.Sync)
        {
            foreach (var area in state.Handlers) area.BeforeCall(request);
            // A missing parent or record is 404 before any 400, as DRF looks the object up first.
            if (state.Generic.CheckParents(match) is { } missing) return missing;
            if (request.Info.Kind == OperationKind.Update && state.Generic.Find(request) == null) return ApiResponse.NotFound();
            state.Registry.RulesFor(operation)?.Invoke(request, errors);
            if (errors.Any) return errors.ToResponse();
            return state.Registry.Find(operation) is { } handler ? handler(request) : state.Generic.Handle(request);
        }
    }

    ApiResponse Token(string path, JObject body)
    {
        if (path == TokenEndpoints.ObtainPath)
        {
            var obtained = state.TokenEndpoints.Obtain(body);
            if (obtained.Status == 200) state.Stats.TokenObtained();
            return obtained;
        }
        var refreshed = state.TokenEndpoints.Refresh(body);
        if (refreshed.Status == 200) state.Stats.TokenRefreshed();
        return refreshed;
    }

    public static async Task WriteAsync(HttpContext http, ApiResponse response, int? truncateAfterBytes = null)
    {
        if (response.Drop)
        {
            http.Abort();
            return;
        }
        http.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers) http.Response.Headers.Append(name, value);
        if (response.Body == null) return;
        http.Response.ContentType = response.ContentType;
        http.Response.ContentLength = response.Body.Length;
        if (truncateAfterBytes is { } cut && cut < response.Body.Length)
        {
            // A download that breaks half way: the promised length, part of the body, then a dropped connection.
            await http.Response.Body.WriteAsync(response.Body.AsMemory(0, cut), http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
            http.Abort();
            return;
        }
        await http.Response.Body.WriteAsync(response.Body, http.RequestAborted);
    }
}
