namespace SpeedKings.Bench.Load;

/// <summary>
/// Request-rate load, as <c>--rate</c> asked for it: the rates, how requests arrive, how many may be in flight at once
/// (the clients a case keeps; an arrival that finds none free waits, and its wait counts as schedule lag), and how
/// long an iteration lasts.
/// </summary>
/// <param name="MaxConcurrency">Requests in flight at most, <c>--max-concurrency</c>.</param>
/// <param name="IterationSeconds">An iteration sends rate × this many requests (at least <see cref="LeastRequests"/>).</param>
internal sealed record OpenLoop(IReadOnlyList<double> Rates, ArrivalPattern Arrivals, int MaxConcurrency, double IterationSeconds)
{
    public const int DefaultMaxConcurrency = 256;

    public const double DefaultIterationSeconds = 10;

    /// <summary>Fewest requests an iteration sends: an arrival gap needs two arrivals, a spread of gaps more.</summary>
    public const int LeastRequests = 10;

    public const int MostRequests = 100_000;

    /// <summary>The requests one iteration sends at <paramref name="perSecond"/>.</summary>
    public int RequestsPerIteration(double perSecond)
        => (int)Math.Clamp(Math.Ceiling(perSecond * IterationSeconds), LeastRequests, MostRequests);
}
