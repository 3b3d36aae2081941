namespace SpeedKings.Bench.Hosting;

/// <summary>
/// Reads a <c>.env</c> file (<c>KEY=value</c> lines, <c>#</c> comments, optional <c>export</c> and quotes). Values are
/// never printed; a malformed line is named by number only, since it may hold a key.
/// </summary>
internal static class DotEnvFile
{
    public static Dictionary<string, string?> Read(string path)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (!File.Exists(path))
            return values;

        int number = 0;
        foreach (string raw in File.ReadLines(path))
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (line.StartsWith("export ", StringComparison.Ordinal))
                line = line["export ".Length..].TrimStart();
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new FormatException($".env line {number} is not KEY=value; fix or remove it.");
            string value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
                value = value[1..^1];
            values[line[..equals].Trim()] = value;
        }

        return values;
    }
}
