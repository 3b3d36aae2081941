using System.Globalization;
using System.Text.RegularExpressions;

namespace SpeedKings.Bench.Providers.Prompts;

/// <summary>
/// Input and output lengths in GenAI-Bench's notation, for endpoints the user owns: <c>D(in,out)</c> fixed,
/// <c>N(μin,σin)/(μout,σout)</c> normal, <c>U(min,max)/(min,max)</c> uniform, in tokens. Each request draws its
/// lengths from a seed the shape fixes, so a rerun sends the same sequence.
/// </summary>
public sealed partial record TrafficShape(string Spec, LengthDistribution Input, LengthDistribution Output)
{
    public const int MostTokens = 200_000;

    /// <exception cref="ArgumentException">One sentence naming the option and the notation.</exception>
    public static TrafficShape Parse(string text, string option)
    {
        string spec = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        Match fixedShape = Fixed().Match(spec), drawn = Drawn().Match(spec);
        LengthDistribution input, output;
        if (fixedShape.Success)
        {
            (input, output) = (LengthDistribution.Fixed(Number(fixedShape, "in")), LengthDistribution.Fixed(Number(fixedShape, "out")));
        }
        else if (drawn.Success)
        {
            bool normal = drawn.Groups["kind"].Value == "N";
            input = LengthDistribution.Of(normal, Number(drawn, "a1"), Number(drawn, "b1"));
            output = LengthDistribution.Of(normal, Number(drawn, "a2"), Number(drawn, "b2"));
        }
        else
        {
            throw Refusal(text, option);
        }

        if (input.Least < 1 || output.Least < 1 || input.Most > MostTokens || output.Most > MostTokens || input.Invalid || output.Invalid)
            throw new ArgumentException($"{option} {text}: lengths must be from 1 to {MostTokens:N0} tokens, a uniform range's minimum at most its maximum, a normal's σ at least 0");
        return new TrafficShape(spec, input, output);
    }

    /// <summary>This shape's next request lengths from <paramref name="random"/>.</summary>
    public (int Input, int Output) Draw(Random random) => (Input.Draw(random), Output.Draw(random));

    private static int Number(Match match, string group)
        => int.TryParse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : -1;

    private static ArgumentException Refusal(string text, string option)
        => new($"{option} takes D(in,out), N(μin,σin)/(μout,σout) or U(min,max)/(min,max) in tokens, e.g. D(1000,200) (got '{text}')");

    [GeneratedRegex(@"^D\((?<in>\d+),(?<out>\d+)\)$")]
    private static partial Regex Fixed();

    [GeneratedRegex(@"^(?<kind>[NU])\((?<a1>\d+),(?<b1>\d+)\)/\((?<a2>\d+),(?<b2>\d+)\)$")]
    private static partial Regex Drawn();
}

/// <summary>One length distribution of a <see cref="TrafficShape"/>: fixed, normal (cut at ±4σ and at 1) or uniform.</summary>
/// <param name="A">The value, the mean, or the minimum.</param>
/// <param name="B">Unused, σ, or the maximum.</param>
public sealed record LengthDistribution(char Kind, int A, int B)
{
    public static LengthDistribution Fixed(int value) => new('D', value, 0);

    public static LengthDistribution Of(bool normal, int a, int b) => new(normal ? 'N' : 'U', a, b);

    public bool Invalid => Kind == 'U' && A > B;

    /// <summary>The smallest length a draw can give.</summary>
    public int Least => Kind switch { 'D' => A, 'N' => Math.Max(1, A - 4 * B), _ => A };

    /// <summary>The largest length a draw can give: what the worst case prices.</summary>
    public int Most => Kind switch { 'D' => A, 'N' => A + 4 * B, _ => B };

    public double Mean => Kind == 'U' ? (A + B) / 2.0 : A;

    public int Draw(Random random) => Kind switch
    {
        'D' => A,
        'U' => random.Next(A, B + 1),
        _ => (int)Math.Clamp(Math.Round(A + B * Normal(random)), Least, Most),
    };

    private static double Normal(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
