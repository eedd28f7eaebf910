using ScriptService;

// Zero configuration: http://localhost:3000, the offline generator, and the job store at data/jobs.db.
ScriptServiceApp.Create(args).Run();
