using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace SpeedKings.Bench.CommandLine;

/// <summary>
/// Turns the suite's one-sentence parse functions into System.CommandLine parsers: the sentence becomes the parse
/// error the user sees, and the command exits 2 without running anything.
/// </summary>
internal static class OptionParsing
{
    public static Option<T> Parsed<T>(this Option<T> option, Func<string, T> parse)
    {
        option.CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            try
            {
                return parse(text);
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                result.AddError(e.Message);
                return default!;
            }
        };
        return option;
    }

    /// <summary>A whole number in [min, max], named in the sentence when it is not one.</summary>
    public static int Count(string text, string option, int min, int max)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{option} must be a whole number from {min} to {max}, not '{text}'");

    /// <summary>A number of seconds in [min, max], named in the sentence when it is not one.</summary>
    public static double Seconds(string text, string option, double min, double max)
        => double.TryParse(text.EndsWith('s') ? text[..^1] : text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{option} must be seconds from {min:0.###} to {max:0.###}, not '{text}'");

    /// <summary>Comma-separated whole numbers in [min, max], e.g. <c>1,16,256</c>.</summary>
    public static int[] Counts(string text, string option, int min, int max)
    {
        string[] parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var numbers = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]) || numbers[i] < min || numbers[i] > max)
                throw new ArgumentException($"{option} takes whole numbers from {min} to {max}, comma-separated (got '{text}')");
        }

        return numbers.Length > 0 ? numbers : throw new ArgumentException($"{option} needs at least one number");
    }
}
