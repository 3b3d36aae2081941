namespace SpeedKings.Bench.Providers.Catalog;

/// <summary>
/// A provider key. It prints as <c>***</c> wherever it ends up by mistake (logs, exceptions, string
/// interpolation); only <see cref="Reveal"/> gives the value, and only the HTTP layer calls it.
/// </summary>
public readonly struct ApiKey : IEquatable<ApiKey>
{
    private readonly string? _value;

    public ApiKey(string value) => _value = value;

    public bool IsEmpty => string.IsNullOrEmpty(_value);

    public string Reveal() => _value ?? "";

    /// <summary>Removes the key from a text that may echo it back, such as a provider's error message.</summary>
    public string Redact(string text) => IsEmpty || text.Length == 0 ? text : text.Replace(_value!, "***", StringComparison.Ordinal);

    public override string ToString() => IsEmpty ? "(none)" : "***";

    public bool Equals(ApiKey other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ApiKey other && Equals(other);

    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    public static bool operator ==(ApiKey left, ApiKey right) => left.Equals(right);

    public static bool operator !=(ApiKey left, ApiKey right) => !left.Equals(right);
}
