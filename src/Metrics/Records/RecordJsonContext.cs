using System.Text.Json.Serialization;

namespace SpeedKings.Bench.Metrics.Records;

/// <summary>Source-generated serialization for per-request records: no reflection on the recording path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(RequestRecord))]
[JsonSerializable(typeof(IReadOnlyList<ConnectionSetup>))]
internal sealed partial class RecordJsonContext : JsonSerializerContext;
