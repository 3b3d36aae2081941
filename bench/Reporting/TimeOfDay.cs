namespace SpeedKings.Bench.Reporting;

/// <summary>
/// The traffic period a run falls in, by UTC hour: European working hours 07–14, American 14–22, off-peak the rest.
/// Provider latency moves with load; a comparison between periods says so.
/// </summary>
internal static class TimeOfDay
{
    public static string Of(DateTimeOffset instant) => instant.UtcDateTime.Hour switch
    {
        >= 7 and < 14 => "EU peak",
        >= 14 and < 22 => "US peak",
        _ => "off-peak",
    };
}
