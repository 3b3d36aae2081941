using Microsoft.AspNetCore.Http;

namespace SpeedKings.Bench.Loopback.Http;

/// <summary>A request's <c>x-loopback-schedule</c> header merged over its route's schedule, for every route that paces.</summary>
internal static class ScheduleOverride
{
    public const string Header = "x-loopback-schedule";

    /// <summary>The route's schedule, or the header's over it; false with one sentence for a 400 when the header is malformed.</summary>
    public static bool TryApply(HttpRequest request, EmissionSchedule route, out EmissionSchedule schedule, out string? error)
    {
        (schedule, error) = (route, null);
        string? spec = request.Headers[Header];
        if (string.IsNullOrWhiteSpace(spec))
            return true;
        try
        {
            schedule = EmissionSchedule.Parse(spec, route);
            return true;
        }
        catch (FormatException e)
        {
            error = $"Bad {Header} header: {e.Message}";
            return false;
        }
    }
}
