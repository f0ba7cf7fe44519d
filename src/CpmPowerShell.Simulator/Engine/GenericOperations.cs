using CpmPowerShell.Simulator.Engine.Store;
using CpmPowerShell.Spec;
using Newtonsoft.Json.Linq;

namespace CpmPowerShell.Simulator.Engine;

/// <summary>
/// What every endpoint does when no resource handler claims it: CRUD over in-memory collections keyed
/// by their concrete path, one-object settings, actions answering their documented status, and files.
/// Callers hold the store lock.
/// </summary>
sealed class GenericOperations
{
    readonly Dictionary<string, ListCustomization> customizations = new(StringComparer.Ordinal);

    public GenericOperations(ResourceModel model, DataStore store)
    {
        Model = model;
        Store = store;
        Shaper = new RecordShaper(store.NextId);
    }

    public ResourceModel Model { get; }
    public DataStore Store { get; }
    public RecordShaper Shaper { get; }

    /// <summary>The list behaviour of a collection shape, for handlers to extend.</summary>
    public ListCustomization Customize(string shape) =>
        customizations.TryGetValue(shape, out var custom) ? custom : customizations[shape] = new ListCustomization();

    public ApiResponse Handle(ApiRequest request) => request.Info.Kind switch
    {
        OperationKind.List => List(request),
        OperationKind.Create => Create(request),
        OperationKind.Read => Read(request),
        OperationKind.Update => Update(request),
        OperationKind.Delete => Delete(request),
        OperationKind.DeleteAll => DeleteAll(request),
        OperationKind.SingletonRead => SingletonRead(request),
        OperationKind.SingletonWrite => SingletonWrite(request),
        OperationKind.Download => Download(request),
        _ => Action(request),
    };

    /// <summary>
    /// The 404 for a path whose parent records do not exist (e.g. /api/schedules/99/disable_times/).
    /// The last segment of an item path is left to the operation itself.
    /// </summary>
    public ApiResponse? CheckParents(RouteMatch match)
    {
        var segments = match.Route.Segments;
        var shape = "/";
        var path = "/";
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (ApiRoute.IsParameter(segments[i]) && Model.IsCollection(shape) && Store.FindCollection(path)?.Get(match.Segments[i]) == null)
                return ApiResponse.NotFound();
            shape += (ApiRoute.IsParameter(segments[i]) ? "{}" : segments[i]) + "/";
            path += match.Segments[i] + "/";
        }
        return null;
    }

    public IReadOnlyList<Record> Records(string collectionPath) =>
        Store.FindCollection(collectionPath)?.Items ?? Array.Empty<Record>();

    public ApiResponse List(ApiRequest request)
    {
        var shape = request.Info.ResourceShape!;
        var collection = Store.FindCollection(request.CollectionPath);
        var items = ListQuery.Apply(request, collection?.Items ?? Array.Empty<Record>(), request.Info.Schema,
            customizations.GetValueOrDefault(shape), collection);
        return RespondList(request, items);
    }

    /// <summary>A list answer: CSV when asked for (never paged), else the array or page envelope.</summary>
    public ApiResponse RespondList(ApiRequest request, IReadOnlyList<Record> items) =>
        request.WantsCsv
            ? CsvExport.Respond(request, items.Select(r => r.Data), request.Info.Schema)
            : Paginator.Respond(request, items, request.Operation.SuccessStatus);

    /// <summary>Stores a new record built from a body; used by Create, handlers, seeders and the admin API.</summary>
    public Record Insert(string collectionPath, string shape, JObject body, long ownerUserId, DateTimeOffset now)
    {
        var schema = Model.Schema(shape) ?? throw new InvalidOperationException($"{shape} is not a collection.");
        // An explicit id (seed data, the admin API, string-keyed kinds such as time zones) is kept.
        JValue id = body["id"] switch
        {
            JValue { Type: JTokenType.Integer } given => given,
            JValue { Type: JTokenType.String } given when ((string?)given)?.Length > 0 => given,
            _ => schema.Property("id")?.Type.Kind == ApiKind.String ? new JValue(Store.NextId(shape).ToString()) : new JValue(Store.NextId(shape)),
        };
        if (id.Type == JTokenType.Integer) Store.SeenId(shape, (long)id);
        var data = Shaper.Create(schema, body, id, ownerUserId, now);
        return Store.Collection(collectionPath, shape).Add(new Record(Json.ScalarText(id)!, data));
    }

    public ApiResponse Create(ApiRequest request)
    {
        var record = Insert(request.CollectionPath, request.Info.ResourceShape!, request.Body, request.UserId, request.Now);
        return ApiResponse.JsonBytes(request.Operation.SuccessStatus, record.Utf8);
    }

    public Record? Find(ApiRequest request) => Store.FindCollection(request.CollectionPath)?.Get(request.ItemId);

    public ApiResponse Read(ApiRequest request)
    {
        var record = Find(request);
        if (record == null) return ApiResponse.NotFound();
        return RespondRecord(request, record);
    }

    /// <summary>One record; a few reads are documented as arrays, so those get a one-element array.</summary>
    public ApiResponse RespondRecord(ApiRequest request, Record record) =>
        request.Operation.ReturnsArray
            ? ApiResponse.JsonBytes(request.Operation.SuccessStatus, Paginator.Array(new[] { record }, 0, 1))
            : ApiResponse.JsonBytes(request.Operation.SuccessStatus, record.Utf8);

    public ApiResponse Update(ApiRequest request)
    {
        var record = Find(request);
        if (record == null) return ApiResponse.NotFound();
        Apply(request, record, request.Body);
        return RespondRecord(request, record);
    }

    /// <summary>Merges fields into a stored record (PUT keeps what the body leaves out, as DRF's update does).</summary>
    public void Apply(ApiRequest request, Record record, JObject changes)
    {
        var schema = request.Info.Schema ?? Model.Schema(request.Info.ResourceShape!)!;
        Shaper.Merge(schema, record.Data, changes);
        if (schema.Has("last_modified")) record.Data["last_modified"] = Timestamps.Format(request.Now);
        Store.FindCollection(request.CollectionPath)!.Update(record);
    }

    public ApiResponse Delete(ApiRequest request)
    {
        var collection = Store.FindCollection(request.CollectionPath);
        if (collection == null || !collection.Remove(request.ItemId)) return ApiResponse.NotFound();
        return ApiResponse.Empty(request.Operation.SuccessStatus);
    }

    public ApiResponse DeleteAll(ApiRequest request)
    {
        Store.FindCollection(request.CollectionPath)?.Clear();
        return ApiResponse.Empty(request.Operation.SuccessStatus);
    }

    public ApiResponse SingletonRead(ApiRequest request) =>
        ApiResponse.JsonBytes(request.Operation.SuccessStatus, Singleton(request).Utf8);

    public ApiResponse SingletonWrite(ApiRequest request)
    {
        var current = Singleton(request);
        var data = (JObject)current.Data.DeepClone();
        Shaper.Merge(request.Info.Schema!, data, request.Body);
        if (request.Info.Schema!.Has("last_modified")) data["last_modified"] = Timestamps.Format(request.Now);
        var updated = Store.SetSingleton(request.Path, data);
        return request.Operation.SuccessType == null
            ? ApiResponse.Empty(request.Operation.SuccessStatus)
            : ApiResponse.JsonBytes(request.Operation.SuccessStatus, updated.Utf8);
    }

    /// <summary>A setting that was never written reads as its documented shape with neutral values.</summary>
    Record Singleton(ApiRequest request) =>
        Store.Singleton(request.Path) ?? Store.SetSingleton(request.Path, RecordShaper.Defaults(request.Info.Schema!.Properties));

    /// <summary>
    /// Run, abort, test, recover and the like: the documented status, with a body of the documented shape
    /// (body fields of the same name copied in) or none.
    /// </summary>
    public ApiResponse Action(ApiRequest request)
    {
        var operation = request.Operation;
        switch (operation.SuccessType)
        {
            case null:
                return ApiResponse.Empty(operation.SuccessStatus);
            case { Kind: ApiKind.Array }:
                return ApiResponse.Json(operation.SuccessStatus, new JArray());
            case { Kind: ApiKind.Object, Schema: { } schema }:
                var body = RecordShaper.Defaults(schema.Properties);
                foreach (var property in schema.Properties)
                    if (request.Body.TryGetValue(property.Name, out var value)) body[property.Name] = value.DeepClone();
                return ApiResponse.Json(operation.SuccessStatus, body);
            default:
                return ApiResponse.Json(operation.SuccessStatus, new JObject());
        }
    }

    public ApiResponse Download(ApiRequest request)
    {
        var kind = request.Operation.Downloads.FirstOrDefault() ?? request.Operation.Produces.FirstOrDefault();
        var name = CsvExport.FileName(request.Path);
        switch (kind)
        {
            case "text/csv":
                var source = request.Info.ResourceShape == request.Info.Route.Shape ? request.Path : ApiRequest.ParentPath(request.Path);
                return CsvExport.Respond(request, Records(source).Select(r => r.Data), request.Info.Schema, request.Operation.SuccessStatus);
            case "application/zip":
                return ApiResponse.File(request.Operation.SuccessStatus, kind, FileContent.Zip(new Dictionary<string, string>
                {
                    ["README.txt"] = $"Files downloaded from the CPM simulator ({request.Path}) at {Timestamps.Format(request.Now)}.\n",
                }), name + ".zip");
            case "application/x-bzip2":
                return ApiResponse.File(request.Operation.SuccessStatus, kind, FileContent.TarBz2(new Dictionary<string, string>
                {
                    ["cpm_server.log"] = $"{Timestamps.Format(request.Now)} INFO CPM simulator log requested through {request.Path}\n",
                }, request.Now), name + ".tar.bz2");
            default:
                return ApiResponse.File(request.Operation.SuccessStatus, "application/octet-stream",
                    System.Text.Encoding.UTF8.GetBytes($"CPM simulator file for {request.Path}\n"), name + ".txt");
        }
    }
}
