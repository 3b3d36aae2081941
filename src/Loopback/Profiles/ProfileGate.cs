using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SpeedKings.Bench.Loopback.Profiles;

/// <summary>
/// Applies a profile's <see cref="ProfileExpectations"/> to a request, answering as the provider would: 401 for a
/// missing, misplaced or refused key (a refused key partly repeated where the provider does so), 400 for a missing
/// required header or a max-tokens field the provider does not take.
/// </summary>
internal sealed class ProfileGate(ProfileExpectations expects)
{
    /// <summary>A credential containing this is refused with 401, so clients can be seen to name the key to check.</summary>
    public const string RejectedKeyMarker = "invalid";

    private static readonly (CredentialHeader Kind, string Header)[] Placements =
    [
        (CredentialHeader.Bearer, "Authorization"),
        (CredentialHeader.XApiKey, "x-api-key"),
        (CredentialHeader.XGoogApiKey, "x-goog-api-key"),
        (CredentialHeader.ApiKey, "api-key"),
    ];

    /// <summary>Status and message of the refusal of the request's headers, or null to serve it.</summary>
    public (int Status, string Message)? CheckHeaders(IHeaderDictionary headers)
    {
        if (expects.Auth != CredentialHeader.None && CheckCredential(headers) is { } refused)
            return refused;

        foreach (var (name, value) in expects.Headers)
        {
            string? sent = headers.TryGetValue(name, out var values) ? values.ToString() : null;
            if (string.IsNullOrEmpty(sent))
                return (StatusCodes.Status400BadRequest, $"{name}: header is required");
            if (!string.Equals(sent, value, StringComparison.Ordinal))
                return (StatusCodes.Status400BadRequest, $"{name}: '{sent}' is not a supported value; send '{value}'");
        }

        return null;
    }

    /// <summary>The refusal of a max-tokens field the provider does not take, or null.</summary>
    public (int Status, string Message)? CheckBody(JsonElement body)
    {
        if (expects.MaxTokensField is not { } accepted || body.ValueKind != JsonValueKind.Object)
            return null;
        foreach (string field in ProfileExpectations.OpenAiMaxTokensFields)
        {
            if (field != accepted && body.TryGetProperty(field, out _))
                return (StatusCodes.Status400BadRequest, $"Unsupported parameter: '{field}' is not supported with this model; use '{accepted}' instead.");
        }

        return null;
    }

    private (int Status, string Message)? CheckCredential(IHeaderDictionary headers)
    {
        string? key = null;
        foreach (var (kind, header) in Placements)
        {
            if (expects.Auth is not CredentialHeader.Any && kind != expects.Auth)
                continue;
            if (Read(headers, kind, header) is { } sent)
                key = sent;
        }

        if (key is null)
        {
            if (expects.Auth is CredentialHeader.Any)
                return null; // takes requests without a key too
            string expected = expects.Auth == CredentialHeader.Bearer ? "Authorization header as 'Bearer <key>'" : $"{Placements.Single(p => p.Kind == expects.Auth).Header} header";
            string? misplaced = Placements.FirstOrDefault(p => p.Kind != expects.Auth && Read(headers, p.Kind, p.Header) is not null).Header;
            return (StatusCodes.Status401Unauthorized, misplaced is null
                ? $"No API key was provided: send it in the {expected}."
                : $"No API key was provided in the {expected}; this endpoint does not read the {misplaced} header.");
        }

        if (!key.Contains(RejectedKeyMarker, StringComparison.Ordinal))
            return null;
        return (StatusCodes.Status401Unauthorized, expects.EchoesRejectedKey ? $"Incorrect API key provided: {Mask(key)}." : "Invalid API key provided.");
    }

    private static string? Read(IHeaderDictionary headers, CredentialHeader kind, string header)
    {
        if (!headers.TryGetValue(header, out var values) || values.ToString() is not { Length: > 0 } value)
            return null;
        if (kind != CredentialHeader.Bearer)
            return value;
        return value.StartsWith("Bearer ", StringComparison.Ordinal) && value.Length > 7 ? value[7..] : null;
    }

    /// <summary>The first six and last four characters, the rest starred, as OpenAI repeats a refused key.</summary>
    internal static string Mask(string key)
        => key.Length < 12 ? new string('*', key.Length) : string.Concat(key.AsSpan(0, 6), new string('*', key.Length - 10), key.AsSpan(key.Length - 4));
}
