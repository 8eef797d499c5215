import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.List;

/**
 * Starts an in-memory, MongoDB wire-compatible server on 127.0.0.1:PORT until killed.
 *
 * mongo-java-server's newest built-in version (MONGO_5_0) still announces wire
 * version 8, while the Node driver 7 refuses anything below 9. The commands the
 * app uses are served the same either way, so the server announces 5.0 with
 * its real wire number (13) to get past the driver's handshake check.
 */
public class TestMongo {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 27017;
        MongoVersion mongo50 = new MongoVersion() {
            public List<Integer> getVersionArray() { return List.of(5, 0, 0); }
            public int getWireVersion() { return 13; }
        };
        MongoServer server = new MongoServer(new MemoryBackend().version(mongo50));
        server.bind("127.0.0.1", port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        System.out.println("test mongo listening on 127.0.0.1:" + port);
        Thread.currentThread().join();
    }
}
