using System.Text.Json;
using SpeedKings.Bench.Providers.Checks;

namespace SpeedKings.Bench.Tests.Providers.Tasks;

/// <summary>Outputs checked against a schema: hand-written instances, valid and broken in each way a model breaks them.</summary>
public class OutputCheckTests
{
    private static readonly JsonElement Weather = JsonDocument.Parse("""
        {"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},
         "required":["city","unit"],"additionalProperties":false}
        """).RootElement;

    [Fact]
    public void A_valid_instance_has_no_problem()
        => Assert.Null(OutputCheck.Problem(Weather, """{"city":"Paris","unit":"celsius"}"""));

    [Theory]
    [InlineData("""{"city":"Paris"}""", "does not match the schema")]                         // a required property left out
    [InlineData("""{"city":"Paris","unit":"kelvin"}""", "/unit")]                              // outside the enum, and where
    [InlineData("""{"city":7,"unit":"celsius"}""", "/city")]                                   // the wrong type
    [InlineData("""{"city":"Paris","unit":"celsius","when":"now"}""", "does not match")]       // a property the schema forbids
    [InlineData("""{"city":"Par""", "not valid JSON")]                                       // cut by max tokens
    [InlineData("Sure! Here is the JSON: {}", "not valid JSON")]                               // prose around it
    public void A_broken_output_is_named_in_one_sentence(string output, string expected)
    {
        string? problem = OutputCheck.Problem(Weather, output);
        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public void A_schema_that_is_not_one_is_refused_before_it_is_sent()
    {
        Assert.False(OutputCheck.TryLoad(JsonDocument.Parse("""{"type": 12}""").RootElement, out string? problem));
        Assert.False(string.IsNullOrEmpty(problem));
        Assert.True(OutputCheck.TryLoad(Weather, out _));
    }
}
