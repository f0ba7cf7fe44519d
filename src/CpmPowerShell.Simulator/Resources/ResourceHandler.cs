using CpmPowerShell.Simulator.Engine;
using CpmPowerShell.Simulator.Engine.Store;
using CpmPowerShell.Spec;

namespace CpmPowerShell.Simulator.Resources;

/// <summary>Answers one operation in place of the generic engine. Runs under the store lock.</summary>
delegate ApiResponse OperationHandler(ApiRequest request);

/// <summary>
/// Field rules beyond the schema (name patterns, ranges, references). Runs under the store lock after the
/// schema check, adding to the same errors so one 400 lists every problem, and may normalise
/// <see cref="ApiRequest.Body"/> in place for the handler.
/// </summary>
delegate void BodyRules(ApiRequest request, ValidationErrors errors);

/// <summary>What resource handlers work with.</summary>
sealed class ResourceContext
{
    public required GenericOperations Generic { get; init; }
    public required TimeProvider Clock { get; init; }
    public required SimulatorOptions Options { get; init; }
    /// <summary>The server certificate in PEM form (served by the certificate download).</summary>
    public required string CertificatePem { get; init; }
    /// <summary>Durations and outcomes of simulated backups and recoveries.</summary>
    public required RunControl Runs { get; init; }
    public DataStore Store => Generic.Store;
    public ResourceModel Model => Generic.Model;
}

/// <summary>Seed data request: how many records of the main kind, and the seeded randomness to use.</summary>
sealed class SeedContext
{
    public required int Size { get; init; }
    /// <summary>How many finished backups to seed across the seeded policies.</summary>
    public required int Backups { get; init; }
    public required Random Random { get; init; }
    public required DateTimeOffset Now { get; init; }
}

/// <summary>
/// Behaviour of one API area beyond the generic engine (validation rules, computed answers, relations,
/// seed data). Add a subclass per area and list it in <see cref="ResourceHandlers"/>.
/// </summary>
abstract class ResourceHandler
{
    protected ResourceHandler(ResourceContext context) => Context = context;

    protected ResourceContext Context { get; }
    protected GenericOperations Generic => Context.Generic;
    protected DataStore Store => Context.Store;

    /// <summary>Claims operations and customises list behaviour.</summary>
    public abstract void Register(HandlerRegistry registry);

    /// <summary>
    /// Adds this area's seed data (handlers seed in list order, so owners come before what they own).
    /// The store is empty when this runs; a handler with state of its own clears it here.
    /// </summary>
    public virtual void Seed(SeedContext seed) { }

    /// <summary>
    /// Runs under the store lock before every API call is checked and answered, so state that moves with
    /// the clock (backups and recoveries in progress) is current for whatever the call reads or filters.
    /// Keep it cheap: it runs for every call.
    /// </summary>
    public virtual void BeforeCall(ApiRequest request) { }
}

/// <summary>Which handler answers which operation (by method and path template).</summary>
sealed class HandlerRegistry
{
    readonly Dictionary<string, OperationHandler> handlers = new(StringComparer.Ordinal);
    readonly Dictionary<string, BodyRules> rules = new(StringComparer.Ordinal);
    readonly ResourceModel model;

    public HandlerRegistry(ResourceModel model) => this.model = model;

    /// <summary>Claims an operation; the template must be one the spec documents (typos fail at start).</summary>
    public void On(string method, string template, OperationHandler handler) => handlers[Key(method, template)] = handler;

    /// <summary>Adds body rules to an operation (whether a handler or the generic engine answers it).</summary>
    public void Validate(string method, string template, BodyRules check) => rules[Key(method, template)] = check;

    public OperationHandler? Find(ApiOperation operation) =>
        handlers.GetValueOrDefault(operation.Method + " " + ApiRoute.ShapeOf(operation.Path));

    public BodyRules? RulesFor(ApiOperation operation) =>
        rules.GetValueOrDefault(operation.Method + " " + ApiRoute.ShapeOf(operation.Path));

    string Key(string method, string template)
    {
        var route = model.Routes.ByShape(ApiRoute.ShapeOf(template));
        if (route == null || !route.Operations.ContainsKey(method))
            throw new InvalidOperationException($"{method} {template} is not in the spec.");
        return method + " " + route.Shape;
    }
}
