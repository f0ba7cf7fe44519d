using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using CpmPowerShell.Client;

namespace CpmPowerShell.Runtime
{
    /// <summary>
    /// Records on a model, and on the models nested in it, the connection it was read through
    /// (<see cref="CpmModel.Origin"/>), so a record piped later goes back to its own server.
    /// </summary>
    internal static class CpmOrigins
    {
        /// <summary>Per model type, the getters of its properties that hold models or lists of models.</summary>
        static readonly ConcurrentDictionary<Type, PropertyInfo[]> nested = new ConcurrentDictionary<Type, PropertyInfo[]>();

        /// <summary>Sets the origin where none is set: an object passed through keeps the server it came from.</summary>
        public static void Stamp(CpmModel model, CpmConnection connection)
        {
            if (model == null || connection == null || model.Origin != null) return;
            model.Origin = connection;
            foreach (var property in nested.GetOrAdd(model.GetType(), NestedModelProperties))
            {
                var value = property.GetValue(model);
                if (value is CpmModel child) Stamp(child, connection);
                else if (value is IEnumerable items)
                    foreach (var item in items) Stamp(item as CpmModel, connection);
            }
        }

        static PropertyInfo[] NestedModelProperties(Type type) => type
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && HoldsModels(p.PropertyType))
            .ToArray();

        static bool HoldsModels(Type type)
        {
            if (typeof(CpmModel).IsAssignableFrom(type)) return true;
            if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)) return false;
            var element = type.IsArray ? type.GetElementType()
                : type.GetInterfaces().Concat(new[] { type })
                    .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                    .Select(i => i.GetGenericArguments()[0]).FirstOrDefault();
            return element != null && typeof(CpmModel).IsAssignableFrom(element);
        }
    }
}
