namespace SpeedKings.Bench.Providers.Contract;

/// <summary>One earlier message of a conversation, as every format's history carries it.</summary>
/// <param name="Role"><see cref="UserRole"/> or <see cref="AssistantRole"/> (Gemini calls the assistant "model").</param>
public sealed record PriorMessage(string Role, string Text)
{
    public const string UserRole = "user";
    public const string AssistantRole = "assistant";

    public bool IsAssistant => Role == AssistantRole;
}
