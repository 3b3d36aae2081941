using Microsoft.AspNetCore.Http;
using SpeedKings.Bench.Loopback.Http;

namespace SpeedKings.Bench.Loopback.Faults;

/// <summary>The faults that strike before a stream starts: slow headers, a reset connection, an error status.</summary>
internal static class FaultResponses
{
    /// <summary>True when the fault answered the request (nothing else may be written).</summary>
    public static async Task<bool> AnswerBeforeStreamAsync(HttpContext http, LoopbackFault fault, IWireFormat format)
    {
        if (fault.SlowHeaders > TimeSpan.Zero)
            await Task.Delay(fault.SlowHeaders, http.RequestAborted);

        if (fault.Reset)
        {
            http.Abort();
            return true;
        }

        if (fault.Status is not { } status)
            return false;

        if (fault.RetryAfterSeconds is { } seconds)
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (fault.RetryAfterMilliseconds is { } milliseconds)
            http.Response.Headers["retry-after-ms"] = milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await format.WriteErrorAsync(http.Response, status, Message(status));
        return true;
    }

    private static string Message(int status) => status switch
    {
        StatusCodes.Status429TooManyRequests => "Rate limit reached for requests (loopback fault).",
        529 => "Overloaded (loopback fault).",
        StatusCodes.Status503ServiceUnavailable => "The service is temporarily unavailable (loopback fault).",
        _ => FaultFrames.ErrorMessage,
    };
}
