using Perfwhiz.Cli;
using Perfwhiz.Perfmap;

return CliHost.Run(PerfmapCommand.Create(), args);
