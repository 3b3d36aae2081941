using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using SpeedKings.Bench.CommandLine;
using SpeedKings.Bench.Context;
using SpeedKings.Bench.Diagnosers;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Metrics.Pricing;
using SpeedKings.Bench.Metrics.Records;
using SpeedKings.Bench.Metrics.Statistics;
using SpeedKings.Bench.Providers.Catalog;

namespace SpeedKings.Bench.Reporting;

/// <summary>Assembles the <see cref="RunRecord"/> of a finished run from what the host knows about it.</summary>
internal static class RunRecordBuilder
{
    public const string RegionVariable = "SPEEDKINGS_REGION";

    /// <summary>Where the client runs, as <see cref="RegionVariable"/> says; null when not given.</summary>
    public static string? Region() => System.Environment.GetEnvironmentVariable(RegionVariable) is { Length: > 0 } region ? region : null;

    public static RunRecord Build(
        Suite suite,
        RunContext run,
        RunArguments arguments,
        IReadOnlyList<string> filters,
        DateTimeOffset started,
        IReadOnlyList<CaseResult> results,
        decimal spentUsd,
        IReadOnlyCollection<string> rateLimited)
    {
        SuitePaths paths = suite.Paths;
        SuiteData data = suite.Data;
        DateTimeOffset finished = DateTimeOffset.UtcNow;
        var record = new RunRecord
        {
            RunId = run.RunId,
            StartedUtc = started,
            FinishedUtc = finished,
            TimeOfDay = TimeOfDay.Of(started),
            Suite = new SuiteInfo(SuiteVersion(), GitCommit(paths.Root)),
            Environment = new EnvironmentInfo(
                RuntimeInformation.FrameworkDescription,
                RuntimeInformation.OSDescription.Trim(),
                CpuName(),
                System.Environment.ProcessorCount,
                Region(),
                System.Environment.MachineName),
            Config = new RunConfig(run.BudgetUsd, run.Warmup, run.Measured, run.Concurrency, run.RequestTimeoutSeconds, filters, arguments.CommandLine, run.Slo?.Describe(), run.OpenLoop, arguments.Sweep),
            Data = new DataVersions(
                FileVersion(paths.Providers),
                arguments.Prompts is { } own ? $"{own} ({Hash(own)})" : $"{data.Prompts.Version} ({Hash(paths.Prompts)})",
                $"{data.Prices.Version} ({Hash(paths.Pricing)})"),
            HarnessSelfCheck = run.SelfCheck,
            Shard = run.Shard?.ToString(),
            NetworkRttMs = run.NetworkRttMs,
            SpentUsd = spentUsd,
            RateLimitedProviders = [.. rateLimited.Order(StringComparer.Ordinal)],
            Cases = [.. InReportOrder(results.Select(r => Case(r, run, started)))],
        };
        return WithKnees(record);
    }

    /// <summary>The record with each sweep's knee found from its cases.</summary>
    public static RunRecord WithKnees(RunRecord record) => record with
    {
        Sweeps = [.. SweepCurve.Of(record).Select(s => new SweepKnee(
            s.Provider, s.Model, s.Prompt, s.UnloadedTtftMs, s.Knee?.Name, s.Knee?.Figures.RequestsPerSecond,
            s.Knee?.Figures.OutputTokensPerSecondTotal, s.Knee is { } knee ? SweepCurve.TtftAsWaited(knee) : null))],
    };

    /// <summary>The order cases are reported in: prompt, provider, load.</summary>
    public static IEnumerable<CaseRecord> InReportOrder(IEnumerable<CaseRecord> cases)
        => cases.OrderBy(c => c.Prompt, StringComparer.Ordinal).ThenBy(c => c.Provider, StringComparer.Ordinal).ThenBy(c => c.Concurrency)
            .ThenBy(c => c.Rate is null ? 0 : Load.RequestRates.PerSecond(c.Rate)).ThenBy(c => c.Region, StringComparer.Ordinal);

    /// <summary>
    /// A case's figures from its summary and measured requests: the one place they are derived, for a run's record and
    /// for a merge's, which recomputes them from the requests it pools.
    /// </summary>
    public static CaseFigures Figures(CaseSummary summary, IReadOnlyList<RequestRecord> measured, Price? price, DateTimeOffset started, EngineFigures? engine)
    {
        var ok = measured.Where(r => r.Succeeded).ToList();
        double inputMean = ok.Count == 0 ? double.NaN : ok.Average(r => (double)(r.Usage?.InputTokens ?? 0));
        decimal? blended = price is null || ok.Count == 0
            ? null
            : Cost.BlendedPerMillion(price.At(started), (long)Math.Round(inputMean), (long)Math.Round(summary.OutputTokens.Mean));

        return new CaseFigures(
            summary.Measured,
            summary.Succeeded,
            summary.EstimatedCount,
            summary.ThrottleSuspects,
            summary.TimeToFirstTokenMs.P50,
            summary.TimeToFirstTokenMs.P90,
            summary.TimeToFirstTokenMs.P99,
            summary.TimeToFirstAnswerTokenMs.P50,
            summary.OutputTokensPerSecond.P50,
            summary.OutputTokensPerSecond.P90,
            summary.EndToEndMs.P50,
            summary.OutputTokens.Mean,
            inputMean,
            summary.CostPerRequestUsd,
            summary.TotalCostUsd,
            blended,
            summary.ModelLoadMs,
            summary.InterEventGapMs.P50,
            summary.InterEventGapMs.P90,
            summary.InterEventGapMs.P99,
            summary.TimePerOutputTokenMs.P50,
            summary.Truncated,
            summary.HttpVersions,
            summary.ScheduleLagMs.P50,
            summary.ScheduleLagMs.P99,
            summary.TimeToFirstTokenFromIntendedMs.P50,
            summary.IsClientBound,
            summary.RequestsPerSecond,
            summary.OutputTokensPerSecondTotal,
            summary.GoodFraction,
            summary.Goodput,
            engine,
            summary.Arrivals,
            summary.CachedInputShare,
            summary.Turns.Count > 0 ? summary.Turns : null,
            summary.InputLengthAchieved,
            summary.OutputLengthAchieved,
            summary.MeasuredSeconds,
            TaskFigures.Of(measured.Select(r => r.Task).FirstOrDefault(t => t is not null), summary),
            summary.NewConnections,
            summary.ConnectionSetupMs.Count > 0 ? summary.ConnectionSetupMs.P50 : null,
            summary.InterTokenGapMs.P50,
            summary.TokensPerEvent);
    }

    private static CaseRecord Case(CaseResult result, RunContext run, DateTimeOffset started)
    {
        (string providerParam, string prompt, int concurrency, string rate) = result.Params;
        string provider = ProviderTarget.Parse(providerParam).ProviderId;
        string model = (result.All.Count > 0 ? result.All[0].Model : null) ?? ProviderTarget.Parse(providerParam).Model ?? "";
        CaseSummary summary = result.Summary;
        CaseFigures figures = Figures(summary, result.Measured, run.Target(providerParam).ForTask(run.Prompt(prompt).Task.Kind).Price, started, result.Engine);

        return new CaseRecord(
            result.Params.IsOpenLoop ? $"{providerParam} {prompt} {rate} ≤{concurrency}" : $"{providerParam} {prompt} x{concurrency}",
            provider,
            model,
            prompt,
            concurrency,
            System.Environment.GetEnvironmentVariable($"{provider.ToUpperInvariant().Replace('-', '_')}_TIER"),
            figures,
            summary.Failures,
            summary.FirstFailureMessage,
            result.All.Sum(r => r.Attempts - 1),
            result.All.Count - result.Measured.Count,
            result.Measured.Count <= RunRecord.MostKeptRequests ? result.Measured : [],
            result.Params.IsOpenLoop ? rate : null,
            Histograms: CaseHistograms.Of(result.Measured));
    }

    private static string SuiteVersion()
        => typeof(RunRecordBuilder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The commit the suite was built from, when it runs from a git checkout.</summary>
    private static string GitCommit(string root)
    {
        try
        {
            var start = new ProcessStartInfo("git", ["-C", root, "rev-parse", "HEAD"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process? git = Process.Start(start);
            if (git is null)
                return "unknown";
            string commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit(5000);
            return git.ExitCode == 0 && commit.Length > 0 ? commit : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown"; // no git on this machine
        }
    }

    private static string CpuName()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            string? line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null && line.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
                return line[(colon + 1)..].Trim();
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string FileVersion(string path) => Hash(path);

    /// <summary>The first 12 hex digits of the SHA-256 of the file (or a folder's files, in order): the exact data the run read.</summary>
    private static string Hash(string path)
    {
        if (Directory.Exists(path))
        {
            using var folder = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (string file in Directory.GetFiles(path).Order(StringComparer.Ordinal))
                folder.AppendData(File.ReadAllBytes(file));
            return "sha256:" + Convert.ToHexStringLower(folder.GetHashAndReset())[..12];
        }

        return File.Exists(path) ? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))[..12] : "missing";
    }
}
