using System.Text.Json;

namespace Perfwhiz.Naming.OpenStack;

/// <summary>Lenient reads of the OpenStack answers: a member that is absent or of another type reads as null.</summary>
internal static class JsonFields
{
    public static string? Text(JsonElement element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static JsonElement? Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;
}
