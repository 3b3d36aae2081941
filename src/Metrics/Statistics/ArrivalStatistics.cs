using SpeedKings.Bench.Metrics.Records;

namespace SpeedKings.Bench.Metrics.Statistics;

/// <summary>
/// How well a request-rate case kept its schedule, from its measured records: the achieved rate and the spread of the
/// gaps between actual sends, each beside the schedule's own, and the requests in flight on average against Little's
/// law (achieved rate × mean time in flight). Iterations are kept apart: the pause between two is no arrival gap.
/// </summary>
/// <param name="AchievedPerSecond">Sends per second between each iteration's first and last actual send.</param>
/// <param name="IntendedPerSecond">The same over the intended send times: the schedule's own rate.</param>
/// <param name="GapCv">Coefficient of variation of the gaps between successive actual sends (1 for Poisson arrivals, 0 for constant).</param>
/// <param name="IntendedGapCv">The same over the intended gaps.</param>
/// <param name="MeanInFlight">
/// Requests in flight on average in the steady part of each iteration — from one mean time in flight after its first
/// send (the ramp-up) to its last send (before the drain) — measured from each request's own send and stream end;
/// NaN when no iteration was longer than twice its mean time in flight.
/// </param>
/// <param name="MeanInFlightSeconds">Mean time from actual send to stream end, the W of Little's law.</param>
public sealed record ArrivalStatistics(
    int Sent, double AchievedPerSecond, double IntendedPerSecond, double GapCv, double IntendedGapCv, double MeanInFlight, double MeanInFlightSeconds)
{
    /// <summary>Little's law, L = λW: the requests in flight on average that the achieved rate and mean time in flight imply.</summary>
    public double LittlesLawInFlight => AchievedPerSecond * MeanInFlightSeconds;

    /// <returns>Null when no measured request had an intended offset (a closed-loop case) or too few were sent.</returns>
    public static ArrivalStatistics? From(IEnumerable<RequestRecord> measured)
    {
        var actualGaps = new List<double>();
        var intendedGaps = new List<double>();
        var iteration = new List<(double Sent, double InFlight)>();
        double actualSpan = 0, intendedSpan = 0, steadyInFlight = 0, steadyWindow = 0, inFlight = 0;
        double previousIntended = 0, firstIntended = 0;
        int sent = 0;

        foreach (RequestRecord record in measured)
        {
            if (record is not { IntendedOffsetMs: { } intended, ScheduleLagMs: { } lag })
                continue;
            double actual = intended + lag;
            if (iteration.Count > 0 && intended < previousIntended)
                CloseIteration();
            if (iteration.Count == 0)
                firstIntended = intended;
            else
            {
                actualGaps.Add(actual - iteration[^1].Sent);
                intendedGaps.Add(intended - previousIntended);
            }

            double duration = record.StreamEndMs ?? record.LastTokenMs ?? 0;
            iteration.Add((actual, duration));
            inFlight += duration;
            previousIntended = intended;
            sent++;
        }

        CloseIteration();
        if (actualGaps.Count == 0 || actualSpan <= 0)
            return null;
        return new ArrivalStatistics(
            sent,
            actualGaps.Count / (actualSpan / 1000),
            intendedSpan > 0 ? intendedGaps.Count / (intendedSpan / 1000) : double.NaN,
            Cv(actualGaps),
            Cv(intendedGaps),
            steadyWindow > 0 ? steadyInFlight / steadyWindow : double.NaN,
            inFlight / sent / 1000);

        void CloseIteration()
        {
            if (iteration.Count == 0)
                return;
            double first = iteration[0].Sent, last = iteration[^1].Sent;
            actualSpan += last - first;
            intendedSpan += previousIntended - firstIntended;

            double meanInFlight = iteration.Average(r => r.InFlight);
            double from = first + meanInFlight;
            if (last - first > 2 * meanInFlight)
            {
                foreach ((double at, double duration) in iteration)
                    steadyInFlight += Math.Max(0, Math.Min(at + duration, last) - Math.Max(at, from));
                steadyWindow += last - from;
            }

            iteration.Clear();
        }
    }

    private static double Cv(List<double> values)
    {
        if (values.Count < 2)
            return double.NaN;
        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return mean > 0 ? Math.Sqrt(variance) / mean : double.NaN;
    }
}
