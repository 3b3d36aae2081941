namespace SpeedKings.Bench.IntegrationTests.EndToEnd;

/// <summary>
/// A key reaches the suite from the environment, a <c>.env</c> file or the secrets file of the settings root — and from
/// none of them does it reach the console. With the empty settings root the tests use, no key is found at all.
/// </summary>
public class SettingsSourcesTests
{
    private const string Canary = "canary-settings-5e1b7c-not-a-key";

    [Theory]
    [InlineData("environment")]
    [InlineData(".env")]
    [InlineData("secrets.json")]
    public async Task A_key_from_each_source_configures_its_provider_and_is_never_printed(string source)
    {
        string root = Directory.CreateTempSubdirectory("speedkings-settings-").FullName;
        var environment = new Dictionary<string, string> { ["SPEEDKINGS_SETTINGS_ROOT"] = root };
        switch (source)
        {
            case "environment":
                environment["CEREBRAS_API_KEY"] = Canary;
                break;
            case ".env":
                await File.WriteAllTextAsync(Path.Combine(root, ".env"), $"# a developer's keys\nexport CEREBRAS_API_KEY=\"{Canary}\"\n");
                break;
            default:
                await File.WriteAllTextAsync(Path.Combine(root, "secrets.json"), $$"""{ "CEREBRAS_API_KEY": "{{Canary}}" }""");
                break;
        }

        try
        {
            var (estimateExit, estimate) = await SuiteProcess.RunAsync(environment, TimeSpan.FromMinutes(4), "estimate", "--filter", "*cerebras*Short*");
            var (listExit, list) = await SuiteProcess.RunAsync(environment, TimeSpan.FromMinutes(4), "list");

            Assert.True(estimateExit == 0, estimate);
            Assert.Matches(@"(?m)^cerebras\s+gpt-oss-120b\s+Short\s", estimate);
            Assert.Equal(0, listExit);
            Assert.Matches(@"(?m)^cerebras\s+ready\s", list);
            Assert.DoesNotContain(Canary, estimate, StringComparison.Ordinal);
            Assert.DoesNotContain(Canary, list, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task The_empty_settings_root_of_the_tests_holds_no_key()
    {
        var (exit, output) = await SuiteProcess.RunAsync(new Dictionary<string, string>(), TimeSpan.FromMinutes(4), "list");
        Assert.Equal(0, exit);
        Assert.Matches(@"(?m)^cerebras\s+skipped: set CEREBRAS_API_KEY", output);
    }
}
