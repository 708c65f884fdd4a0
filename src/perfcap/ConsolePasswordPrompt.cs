using System.Text;

namespace Perfwhiz.Perfcap;

/// <summary>Asks for a password on the terminal without echoing it, as openrc's <c>read -sr</c> does.</summary>
public static class ConsolePasswordPrompt
{
    /// <returns>The password typed, or null when there is no terminal to ask on.</returns>
    public static string? Read(string prompt)
    {
        if (Console.IsInputRedirected)
        {
            return null;
        }

        Console.Error.Write(prompt);
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return password.ToString();
    }
}
