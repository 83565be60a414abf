import java.io.FileReader;
import java.io.Reader;
import java.util.Date;
import java.util.Properties;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.impl.StdSchedulerFactory;

/**
 * A plain Quartz client, run as a Java source file in a JVM of its own whose classpath holds only
 * Quartz (and its SLF4J API), a connection pool, the JDBC driver and the cronstone-quartz artifact
 * with its dependencies: never Cronstone's application. For QuartzInteropIT.
 *
 * <p>Arguments: a properties file (docs/quartz-interop.md), then operations: {@code pauseJob:ID},
 * {@code resumeJob:ID}, {@code triggerJob:ID}, {@code triggers:ID} (prints each trigger's class,
 * state and next fire time), {@code jobClass:ID}. Prints {@code ok <operation>} for each.
 */
public class QuartzClient {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    try (Reader in = new FileReader(args[0])) {
      props.load(in);
    }
    Scheduler scheduler = new StdSchedulerFactory(props).getScheduler();
    try {
      if (scheduler.isStarted()) {
        throw new IllegalStateException("the client must not be started");
      }
      for (int i = 1; i < args.length; i++) {
        String[] op = args[i].split(":", 2);
        JobKey job = JobKey.jobKey(op[1], "cronstone");
        switch (op[0]) {
          case "pauseJob" -> scheduler.pauseJob(job);
          case "resumeJob" -> scheduler.resumeJob(job);
          case "triggerJob" -> scheduler.triggerJob(job);
          case "jobClass" ->
              System.out.println("class " + scheduler.getJobDetail(job).getJobClass().getName());
          case "triggers" -> {
            for (Trigger t : scheduler.getTriggersOfJob(job)) {
              System.out.println(
                  "trigger "
                      + t.getKey()
                      + " "
                      + t.getClass().getName()
                      + " "
                      + scheduler.getTriggerState(t.getKey())
                      + " next "
                      + t.getNextFireTime().toInstant()
                      + " after-now "
                      + t.getFireTimeAfter(new Date()).toInstant());
            }
          }
          default -> throw new IllegalArgumentException("unknown operation " + args[i]);
        }
        System.out.println("ok " + args[i]);
      }
    } finally {
      scheduler.shutdown(false);
    }
  }
}
