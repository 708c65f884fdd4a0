using Perfwhiz.Cli;
using Perfwhiz.Cli.Perfmap;

return CliHost.Run(PerfmapCommand.Create(), args);
