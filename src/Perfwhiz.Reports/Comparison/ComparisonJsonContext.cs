using System.Text.Json.Serialization;

namespace Perfwhiz.Reports.Comparison;

/// <summary>Source-generated JSON for the comparison document: no reflection, camelCase names, nulls written (absent values).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ComparisonDocument))]
internal sealed partial class ComparisonJsonContext : JsonSerializerContext;
