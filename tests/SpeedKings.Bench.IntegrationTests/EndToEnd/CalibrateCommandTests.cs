using System.Diagnostics;
using System.Text.Json;
using SpeedKings.Bench.Calibration;
using SpeedKings.Bench.Hosting;

namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary><c>./run.sh calibrate</c> as a user runs it: a loopback process, real sockets, both clients, saved reports.</summary>
public class CalibrateCommandTests
{
    [Fact]
    public async Task A_short_calibration_compares_both_clients_with_ground_truth_and_saves_its_figures()
    {
        string artifacts = Path.Combine(Path.GetTempPath(), "speedkings-calibrate-" + Guid.NewGuid().ToString("N"));
        try
        {
            string root = SuitePaths.Locate().Root;
            var start = new ProcessStartInfo(
                "dotnet",
                ["run", "-c", "Release", "--project", Path.Combine(root, "bench", "SpeedKings.Bench.csproj"), "--",
                 "calibrate", "--concurrency", "1,8", "--chunks", "4,16", "--streams", "12", "--tokens", "32", "--artifacts", artifacts])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            SuiteProcess.Scrub(start);
            using var process = Process.Start(start)!;
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
            string output = await stdout + await stderr;

            Assert.True(process.ExitCode == 0, output);
            Assert.Contains("Lost or mis-attributed streams: none of", output);
            string json = Directory.GetFiles(Path.Combine(artifacts, "calibration"), "calibration-*.json").Single();
            Assert.True(File.Exists(Path.ChangeExtension(json, ".md")));

            using JsonDocument report = JsonDocument.Parse(await File.ReadAllBytesAsync(json));
            var levels = report.RootElement.GetProperty("Levels").EnumerateArray().ToList();
            // Pinned by default where the machine can: the report says where each side ran.
            bool pinnable = (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()) && Environment.ProcessorCount >= 2;
            Assert.StartsWith(pinnable ? "server on core " : "not pinned: ", report.RootElement.GetProperty("Cores").GetString());
            // 2 concurrencies at 4 tok/chunk and 1 at 16 tok/chunk, for each of the two clients, on each of the two transports.
            Assert.Equal(12, levels.Count);
            Assert.Equal(["OpenAI .NET SDK", "SpeedKings"], levels.Select(l => l.GetProperty("Client").GetString()).Distinct().Order());
            Assert.Equal(["HTTP/1.1", "HTTP/2 over TLS"], levels.Select(l => l.GetProperty("Protocol").GetString()).Distinct().Order());
            foreach (JsonElement level in levels)
            {
                Assert.Equal(0, level.GetProperty("LostOrMisattributed").GetInt32());
                JsonElement ttft = level.GetProperty("TtftErrorMs");
                Assert.Equal(level.GetProperty("Streams").GetInt32(), ttft.GetProperty("Count").GetInt32());
                // Arrival can never precede the write on one monotonic clock; an upper bound this loose only catches
                // a broken comparison, not a slow machine.
                Assert.InRange(ttft.GetProperty("Min").GetDouble(), 0, 1000);
            }
        }
        finally
        {
            if (Directory.Exists(artifacts))
                Directory.Delete(artifacts, recursive: true);
        }
    }
}
