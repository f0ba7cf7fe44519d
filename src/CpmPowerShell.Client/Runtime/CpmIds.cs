using System.Globalization;

namespace CpmPowerShell.Client
{
    /// <summary>Ids travel as text in paths; models hold them as numbers.</summary>
    public static class CpmIds
    {
        /// <summary>"42" -> 42; anything not a whole number -> null.</summary>
        public static long? ToLong(string id) =>
            long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : (long?)null;

        public static string ToText(long id) => id.ToString(CultureInfo.InvariantCulture);
    }
}
