using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using CpmPowerShell.Simulator.Admin;
using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Faults;
using CpmPowerShell.Simulator.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CpmPowerShell.Simulator;

/// <summary>
/// A running simulator: the HTTPS server plus in-process access to its state, for xunit tests and
/// benchmarks. The command-line program is a thin wrapper around it.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    readonly WebApplication app;
    readonly SimulatorState state;
    readonly CancellationTokenSource watcher = new();

    SimulatorHost(WebApplication app, SimulatorState state, X509Certificate2 certificate, int port)
    {
        this.app = app;
        this.state = state;
        Certificate = certificate;
        CertificateSha256 = SelfSignedCertificate.Sha256(certificate);
        Port = port;
        BaseUri = new Uri($"https://127.0.0.1:{port}/");
    }

    public Uri BaseUri { get; }
    public int Port { get; }
    public X509Certificate2 Certificate { get; }
    /// <summary>64 upper-case hex digits; clients pin this.</summary>
    public string CertificateSha256 { get; }
    public SimulatorOptions Options => state.Options;
    /// <summary>The line the command-line program prints when ready.</summary>
    public string ReadyLine => $"CPM simulator listening on {BaseUri} sha256={CertificateSha256}";

    public RequestStats Stats => state.Stats;
    public RequestLog Requests => state.Log;

    /// <summary>The fault configuration (a copy); setting it replaces the whole configuration.</summary>
    public FaultConfig Faults
    {
        get => state.Faults.Current;
        set => state.Faults.Set(value);
    }

    public TimeSpan AccessLifetime
    {
        get => state.Tokens.AccessLifetime;
        set => state.Tokens.AccessLifetime = value;
    }

    public TimeSpan RefreshLifetime
    {
        get => state.Tokens.RefreshLifetime;
        set => state.Tokens.RefreshLifetime = value;
    }

    /// <summary>Refuses every access token issued so far (and refresh tokens too when asked).</summary>
    public void ExpireTokens(bool refreshToo = false) => state.Tokens.ExpireIssued(refreshToo);

    /// <summary>Re-seeds the data (optionally with other sizes) and clears faults, outcomes and counters.</summary>
    public void Reset(int? seed = null, int? seedBackups = null) => state.Reset(seed, seedBackups);

    /// <summary>How many records a collection path holds, e.g. Count("/api/schedules/").</summary>
    public int Count(string collectionPath)
    {
        lock (state.Store.Sync) return state.Store.FindCollection(collectionPath)?.Count ?? 0;
    }

    /// <summary>A handler that trusts exactly this server's certificate.</summary>
    public HttpClientHandler CreatePinnedHandler() => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            certificate != null && SelfSignedCertificate.Sha256(certificate) == CertificateSha256,
    };

    public static async Task<SimulatorHost> StartAsync(SimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SimulatorOptions();
        var certificate = SelfSignedCertificate.Create(options.Clock.GetUtcNow());
        var state = new SimulatorState(options, certificate.ExportCertificatePem());

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = Array.Empty<string>(),
            ContentRootPath = AppContext.BaseDirectory,
        });
        // stdout carries only the ready line; anything worth logging goes to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.UseHttps(certificate));
        });

        var app = builder.Build();
        var pipeline = new ApiPipeline(state, app.Logger);
        var admin = new AdminApi(state);
        app.Run(http =>
        {
            var path = http.Request.Path.Value ?? "/";
            if (path.StartsWith("/api/", StringComparison.Ordinal)) return pipeline.HandleAsync(http);
            if (path == "/_sim" || path.StartsWith(AdminApi.Prefix, StringComparison.Ordinal)) return admin.HandleAsync(http);
            return ApiPipeline.WriteAsync(http, ApiResponse.NotFound());
        });
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var host = new SimulatorHost(app, state, certificate, new Uri(address).Port);
        if (options.ParentPid is { } parent)
            ParentProcessWatcher.Watch(parent, () => app.Lifetime.StopApplication(), host.watcher.Token);
        return host;
    }

    /// <summary>Completes when the server stops (Ctrl+C, SIGTERM, parent exit or <see cref="StopAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async Task StopAsync()
    {
        watcher.Cancel();
        await app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await app.DisposeAsync();
        watcher.Dispose();
        Certificate.Dispose();
    }
}
