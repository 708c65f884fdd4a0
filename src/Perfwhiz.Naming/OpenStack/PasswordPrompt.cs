namespace Perfwhiz.Naming.OpenStack;

/// <summary>
/// Asks the user for the OpenStack password, given the prompt's text; returns null when it cannot
/// ask (no terminal). The command supplies it: the library never touches the console.
/// </summary>
public delegate string? PasswordPrompt(string prompt);
