using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Observability.Benchmarks.DcgmParseMapBenchmarks).Assembly).Run(args);
