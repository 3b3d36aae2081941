using System.Globalization;
using System.Text;

namespace SpeedKings.Bench.Metrics.Budget;

/// <summary>
/// The run's spend, shared by the host and every benchmark process through one append-only journal file. A request
/// may only be sent after <see cref="TryReserve"/> has set aside its worst case (spent + reserved + worst ≤ budget);
/// <see cref="Settle"/> then replaces the reservation with what the request really cost.
/// <para>
/// Each operation takes an exclusive lock on the journal, replays it and appends one line, so concurrent streams
/// and concurrent processes can never overshoot together. A process killed between reserve and settle leaves its
/// reservation counted: the ledger errs on the side of spending less, never more. A line torn by a crash is ignored.
/// </para>
/// </summary>
internal sealed class BudgetLedger
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    public BudgetLedger(string path, decimal budgetUsd)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(budgetUsd);
        Path = System.IO.Path.GetFullPath(path);
        BudgetUsd = budgetUsd;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
    }

    public string Path { get; }

    public decimal BudgetUsd { get; }

    /// <summary>Sets aside <paramref name="worstCaseUsd"/> if it fits; null when the budget cannot cover it.</summary>
    public BudgetReservation? TryReserve(decimal worstCaseUsd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(worstCaseUsd);
        return WithLock(journal =>
        {
            LedgerState state = Replay(journal);
            if (state.SpentUsd + state.ReservedUsd + worstCaseUsd > BudgetUsd)
                return null;
            var reservation = new BudgetReservation(Guid.NewGuid().ToString("N"), worstCaseUsd);
            Append(journal, $"reserve {reservation.Id} {Format(worstCaseUsd)}");
            return reservation;
        });
    }

    /// <summary>
    /// Sets aside the worst case of as many of <paramref name="requests"/> as fit, in one journal line: a batch of
    /// concurrent streams costs one lock, one replay and one append, however many streams it holds.
    /// </summary>
    /// <returns>The reservation and how many requests it covers; null and 0 when not even one fits.</returns>
    public (BudgetReservation? Reservation, int Requests) TryReserveUpTo(int requests, decimal worstCaseEachUsd)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requests);
        ArgumentOutOfRangeException.ThrowIfNegative(worstCaseEachUsd);
        return WithLock(journal =>
        {
            LedgerState state = Replay(journal);
            decimal left = BudgetUsd - state.SpentUsd - state.ReservedUsd;
            int fit = worstCaseEachUsd == 0 ? requests : (int)Math.Min(requests, Math.Floor(Math.Max(left, 0) / worstCaseEachUsd));
            if (fit == 0)
                return ((BudgetReservation?)null, 0);
            var reservation = new BudgetReservation(Guid.NewGuid().ToString("N"), worstCaseEachUsd * fit);
            Append(journal, $"reserve {reservation.Id} {Format(reservation.WorstCaseUsd)}");
            return (reservation, fit);
        });
    }

    /// <summary>Replaces the reservation by the actual cost (which may exceed the worst case only if prices were wrong).</summary>
    public void Settle(BudgetReservation reservation, decimal actualUsd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actualUsd);
        WithLock<object?>(journal =>
        {
            Append(journal, $"settle {reservation.Id} {Format(actualUsd)}");
            return null;
        });
    }

    /// <summary>Spent and still-reserved money, as the journal says now.</summary>
    public LedgerState Read() => WithLock(Replay);

    private T WithLock<T>(Func<FileStream, T> action)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            FileStream journal;
            try
            {
                // FileShare.None is an exclusive advisory lock between .NET processes on Linux, a real one on Windows.
                journal = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(1);
                continue;
            }

            using (journal)
                return action(journal);
        }
    }

    private static LedgerState Replay(FileStream journal)
    {
        journal.Position = 0;
        var reserved = new Dictionary<string, decimal>(StringComparer.Ordinal);
        decimal spent = 0;
        using var reader = new StreamReader(journal, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            string[] parts = line.Split(' ');
            if (parts.Length != 3 || !decimal.TryParse(parts[2], NumberStyles.Number, CultureInfo.InvariantCulture, out decimal amount))
                continue; // torn by a crash mid-write
            if (parts[0] == "reserve")
                reserved[parts[1]] = amount;
            else if (parts[0] == "settle" && reserved.Remove(parts[1]))
                spent += amount;
        }

        return new LedgerState(spent, reserved.Values.Sum(), reserved.Count);
    }

    private static void Append(FileStream journal, string line)
    {
        journal.Seek(0, SeekOrigin.End);
        // A crash may have left a torn line without its newline: start on a fresh line so this one parses.
        if (journal.Length > 0)
        {
            journal.Seek(-1, SeekOrigin.End);
            bool endsWithNewline = journal.ReadByte() == '\n';
            journal.Seek(0, SeekOrigin.End);
            if (!endsWithNewline)
                journal.WriteByte((byte)'\n');
        }

        journal.Write(Encoding.UTF8.GetBytes(line + "\n"));
        journal.Flush(flushToDisk: true);
    }

    private static string Format(decimal amount) => amount.ToString(CultureInfo.InvariantCulture);
}
