using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace SpeedKings.Bench.Loopback.Faults;

/// <summary>
/// Finds the fault a request asks for — its <c>x-loopback-fault</c> header, else the <c>/_fault/{spec}/</c> prefix its
/// path came with, else its profile's <c>fault</c> — and applies <c>times=N</c>: the first N requests with a spec get it, later ones are served normally.
/// A <c>chaos</c> spec draws each request's fault at random and logs every draw, so a test can hold each record to
/// the fault its request really got.
/// </summary>
public sealed class FaultSelector
{
    private readonly ConcurrentDictionary<string, Random> _chaos = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ChaosDraw> _draws = new();

    /// <summary>Every request a chaos spec applied to, in arrival order, with the fault it drew (null: served normally).</summary>
    public IReadOnlyList<ChaosDraw> ChaosDraws => [.. _draws];

    /// <summary>Where the path-prefix middleware leaves the spec it took off the path.</summary>
    internal const string ItemKey = "speedkings.loopback-fault";

    private readonly ConcurrentDictionary<string, int> _struck = new(StringComparer.Ordinal);

    /// <summary>The fault for this request (header, then path prefix, then the profile's own), or null.</summary>
    /// <exception cref="FormatException">The spec is malformed.</exception>
    internal LoopbackFault? Select(HttpContext http, string requestId, string? profileFault = null)
    {
        string? spec = http.Request.Headers[LoopbackFault.Header];
        if (string.IsNullOrWhiteSpace(spec))
            spec = http.Items[ItemKey] as string;
        if (string.IsNullOrWhiteSpace(spec))
            spec = profileFault;
        if (string.IsNullOrWhiteSpace(spec))
            return null;

        LoopbackFault fault = LoopbackFault.Parse(spec);
        if (fault.Chaos is { } rate)
            return Draw(fault, rate, requestId);
        if (fault.Times is { } times && _struck.AddOrUpdate(fault.Spec, 1, (_, n) => n + 1) > times)
            return null;
        return fault;
    }

    private LoopbackFault? Draw(LoopbackFault chaos, double rate, string requestId)
    {
        Random random = _chaos.GetOrAdd(chaos.Spec, _ => new Random(chaos.Seed));
        string? drawn;
        lock (random)
            drawn = random.NextDouble() < rate ? LoopbackFault.ChaosMenu[random.Next(LoopbackFault.ChaosMenu.Count)] : null;
        _draws.Enqueue(new ChaosDraw(requestId, drawn));
        return drawn is null ? null : LoopbackFault.Parse(drawn);
    }

    /// <summary>
    /// Middleware: takes <c>/_fault/{spec}/</c> off the front of the path so the rest routes as usual. The spec is one
    /// path segment, URL-encoded where it needs to be (<c>status=429;retry-after=1</c> works as it is).
    /// </summary>
    internal static Task StripPathPrefixAsync(HttpContext http, RequestDelegate next)
    {
        string path = http.Request.Path.Value ?? "";
        if (path.StartsWith(LoopbackFault.PathPrefix, StringComparison.Ordinal))
        {
            int end = path.IndexOf('/', LoopbackFault.PathPrefix.Length);
            if (end > LoopbackFault.PathPrefix.Length)
            {
                http.Items[ItemKey] = Uri.UnescapeDataString(path[LoopbackFault.PathPrefix.Length..end]);
                http.Request.Path = path[end..];
            }
        }

        return next(http);
    }
}

/// <summary>One chaos draw: the request (its <c>x-request-id</c>) and the fault it got, or null when it got none.</summary>
public sealed record ChaosDraw(string RequestId, string? Fault);
