import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the topics named as name:partitions arguments, skipping those that exist. Run by scripts/stack.sh with
 * Java's single-file launcher against the stack's Kafka jars, so topic creation costs one JVM start, not one per topic.
 */
public class CreateTopics {
    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String[] spec = args[i].split(":");
                if (!existing.contains(spec[0])) {
                    missing.add(new NewTopic(spec[0], Integer.parseInt(spec[1]), (short) 1));
                }
            }
            admin.createTopics(missing).all().get();
            System.out.println("created " + missing.size() + " topics, " + (args.length - 1 - missing.size())
                    + " existed");
        }
    }
}
