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

    /// <summary>
    /// Removes the key from a text that may echo it back, such as a provider's error message — the whole key, and any
    /// word that begins with its first six or ends with its last four characters, since providers repeat a refused key
    /// with its middle starred (OpenAI: <c>sk-abc***…***wxyz</c>).
    /// </summary>
    public string Redact(string text)
    {
        if (IsEmpty || text.Length == 0)
            return text;
        string redacted = text.Replace(_value!, "***", StringComparison.Ordinal);
        return _value!.Length < MinimumLengthForFragments ? redacted : RedactFragments(redacted, _value.AsSpan(0, 6), _value.AsSpan(_value.Length - 4));
    }

    // Shorter keys have no fragment that would tell them apart from ordinary words.
    private const int MinimumLengthForFragments = 12;

    private static string RedactFragments(string text, ReadOnlySpan<char> head, ReadOnlySpan<char> tail)
    {
        var result = new System.Text.StringBuilder(text.Length);
        int i = 0;
        while (i < text.Length)
        {
            if (IsWordBreak(text[i]))
            {
                result.Append(text[i++]);
                continue;
            }

            int start = i;
            while (i < text.Length && !IsWordBreak(text[i]))
                i++;
            ReadOnlySpan<char> word = text.AsSpan(start, i - start);
            ReadOnlySpan<char> core = word.TrimEnd(".:!?");
            if (core.StartsWith(head, StringComparison.Ordinal) || core.EndsWith(tail, StringComparison.Ordinal))
                result.Append("***").Append(word[core.Length..]);
            else
                result.Append(word);
        }

        return result.ToString();
    }

    private static bool IsWordBreak(char c) => char.IsWhiteSpace(c) || c is '"' or '\'' or '`' or ',' or ';' or '(' or ')' or '[' or ']' or '{' or '}' or '<' or '>' or '=';

    public override string ToString() => IsEmpty ? "(none)" : "***";

    public bool Equals(ApiKey other) => string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ApiKey other && Equals(other);

    public override int GetHashCode() => _value is null ? 0 : StringComparer.Ordinal.GetHashCode(_value);

    public static bool operator ==(ApiKey left, ApiKey right) => left.Equals(right);

    public static bool operator !=(ApiKey left, ApiKey right) => !left.Equals(right);
}
