namespace SpeedKings.Bench.Providers.Catalog;

/// <summary>
/// How a provider serves one task (<c>tasks</c> in data/providers.json): embeddings take their own model and route
/// (<c>text-embedding-3-small</c> on <c>openai-embeddings</c>); vision, tool calls and JSON answers go to the chat route.
/// </summary>
/// <param name="Model">The task's default model, where it differs from the provider's; <c>&lt;ID&gt;_&lt;TASK&gt;_MODEL</c> overrides it.</param>
/// <param name="WireFormat">The adapter of the task's route, where it is not the provider's chat format.</param>
public sealed record TaskSupport(string? Model = null, string? WireFormat = null)
{
    public static readonly TaskSupport SameAsChat = new();
}
