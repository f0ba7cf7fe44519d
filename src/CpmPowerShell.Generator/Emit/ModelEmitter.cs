using CpmPowerShell.Generator.Model;

namespace CpmPowerShell.Generator.Emit;

/// <summary>Writes one file per model and per enum under src/CpmPowerShell.Client/Generated/Models/&lt;Area&gt;/.</summary>
public static class ModelEmitter
{
    public const string Namespace = "CpmPowerShell.Models";

    public static string Folder(string area) => "src/CpmPowerShell.Client/Generated/Models/" + Names.Pascal(area);

    public static void EmitAll(TypeModel types, IDictionary<string, string> files)
    {
        foreach (var model in types.Models)
            files[$"{Folder(model.Area)}/{model.Name}.cs"] = Model(model);
        foreach (var genEnum in types.Enums)
            files[$"{Folder(genEnum.Area)}/{genEnum.Name}.cs"] = Enum(genEnum);
    }

    static string Model(GenModel model)
    {
        var w = new CodeWriter();
        w.Line(CodeWriter.Header.TrimEnd('\n'));
        w.Line("using System;");
        w.Line("using System.Collections.Generic;");
        w.Line("using System.Runtime.Serialization;");
        w.Line("using CpmPowerShell.Client;");
        w.Line("using Newtonsoft.Json.Linq;");
        w.Line();
        w.Open("namespace " + Namespace);
        var role = model.IsRequest ? "Request body" : "CPM object";
        w.Doc($"{role} read from the API schemas {string.Join(", ", model.Schemas)}.");
        w.Line("[DataContract]");
        w.Open($"public sealed partial class {model.Name} : CpmModel");
        var first = true;
        foreach (var property in model.Properties)
        {
            if (!first) w.Line();
            first = false;
            WriteProperty(w, property);
        }
        var nested = NestedChildren(model).ToList();
        if (nested.Count > 0)
        {
            w.Line();
            w.Doc("Items nested in this object do not name it; stamp its id on them so they pipe like items read on their own.");
            w.Line("[OnDeserialized]");
            w.Open("void StampNestedParentIds(StreamingContext context)");
            foreach (var (list, parentId) in nested)
                w.Line($"if ({list.Name} != null) foreach (var item in {list.Name}) if (item != null) item.{parentId.Name} = {model.Property("id")!.Name};");
            w.Close();
        }
        if (model.IdAlias != null && model.Property("id") is { } id)
        {
            w.Line();
            w.Doc($"Same as {id.Name}; lets this object bind to -{model.IdAlias} parameters by property name.");
            w.Line("[IgnoreDataMember]");
            w.Line($"public long? {model.IdAlias} => {id.Name};");
        }
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>List properties whose items carry this model's id as a path id (Schedule.DisableTimes -> ScheduleId).</summary>
    static IEnumerable<(GenProperty List, GenProperty ParentId)> NestedChildren(GenModel model)
    {
        if (model.IsRequest || model.Property("id") == null) yield break;
        var parentIdName = Names.Singular(model.Stem.Split('_')[^1]) + "_id";
        foreach (var property in model.Properties.Where(p => p.Type.Kind == GenKind.List && p.Type.Item?.Model != null))
            if (property.Type.Item!.Model!.Property(parentIdName) is { FromPath: true } parentId)
                yield return (property, parentId);
    }

    static void WriteProperty(CodeWriter w, GenProperty property)
    {
        if (property.FromPath)
        {
            w.Doc($"Not sent by the server: the <c>{property.JsonName}</c> of the request path, kept for pipeline binding.");
            w.Line("[IgnoreDataMember]");
            w.Line($"public {property.Type.CSharp} {property.Name} {{ get; set; }}");
            return;
        }
        if (property.Type.Kind == GenKind.Enum)
        {
            // The wire code is what is stored, so an unknown code survives a read-modify-write.
            var field = Names.Camel(property.JsonName) + "Code";
            w.Line($"[DataMember(Name = {Names.Literal(property.JsonName)}, EmitDefaultValue = false)]");
            w.Line($"private string {field};");
            w.Line();
            w.Line("[IgnoreDataMember]");
            w.Open($"public {property.Type.CSharp} {property.Name}");
            w.Line($"get => CpmEnum.Read<{property.Type.Enum!.Name}>({field});");
            w.Line($"set => {field} = CpmEnum.Write(value);");
            w.Close();
            return;
        }
        w.Line($"[DataMember(Name = {Names.Literal(property.JsonName)}, EmitDefaultValue = false)]");
        w.Line($"public {property.Type.CSharp} {property.Name} {{ get; set; }}");
    }

    static string Enum(GenEnum genEnum)
    {
        var w = new CodeWriter();
        w.Line(CodeWriter.Header.TrimEnd('\n'));
        w.Line("using System.Runtime.Serialization;");
        w.Line("using CpmPowerShell.Client;");
        w.Line();
        w.Open("namespace " + Namespace);
        var codes = string.Join(", ", genEnum.Members.Select(m => m.Label == null ? m.Code : $"{m.Code} = {m.Name}"));
        w.Doc(Names.Xml($"Values of {string.Join(", ", genEnum.Usages.Select(u => u.Model + "." + u.JsonName).Distinct().Take(3))}; wire codes: {codes}."));
        w.Open($"public enum {genEnum.Name}");
        w.Doc("A code this version of the module does not know; the model's GetRawValue(field) shows it.");
        w.Line("Unknown = 0,");
        var number = 1;
        foreach (var member in genEnum.Members)
        {
            w.Line($"[EnumMember(Value = {Names.Literal(member.Code)})]");
            if (member.Label != null) w.Line($"[CpmEnumLabel({Names.Literal(member.Label)})]");
            w.Line($"{member.Name} = {number++},");
        }
        w.Close();
        w.Close();
        return w.ToString();
    }
}
