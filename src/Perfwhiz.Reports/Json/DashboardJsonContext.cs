using System.Text.Json.Serialization;

namespace Perfwhiz.Reports.Json;

/// <summary>Source-generated JSON for the dashboard document: no reflection, camelCase names.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DashboardDocument))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
