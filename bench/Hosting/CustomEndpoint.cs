namespace SpeedKings.Bench.Hosting;

/// <summary>
/// <c>--endpoint URL [--model M]</c>: benchmark any OpenAI-compatible server (vLLM, LM Studio,
/// llama-server, a gateway) as the catalog's <c>custom</c> provider, without editing data files. The options become
/// <c>CUSTOM_BASE_URL</c> / <c>CUSTOM_MODEL</c> so every benchmark process sees them; a key, if the server wants one, goes in <c>CUSTOM_API_KEY</c>.
/// </summary>
public static class CustomEndpoint
{
    public const string ProviderId = "custom";

    public static string[] Apply(string[] args)
    {
        var rest = new List<string>(args.Length);
        for (int i = 0; i < args.Length; i++)
        {
            string? variable = args[i] switch
            {
                "--endpoint" => "CUSTOM_BASE_URL",
                "--model" => "CUSTOM_MODEL",
                _ => null,
            };
            if (variable is null)
            {
                rest.Add(args[i]);
                continue;
            }

            if (i + 1 >= args.Length || args[i + 1].StartsWith('-'))
                throw new ArgumentException($"{args[i]} needs a value, e.g. {args[i]} {(variable == "CUSTOM_MODEL" ? "my-model" : "http://localhost:8000/v1")}");
            Environment.SetEnvironmentVariable(variable, args[++i]);
        }

        return [.. rest];
    }
}
