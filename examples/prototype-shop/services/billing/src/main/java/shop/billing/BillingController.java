package shop.billing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class BillingController {
    private static final Logger log = LoggerFactory.getLogger(BillingController.class);
    private static final String DB_URL = "jdbc:postgresql://10.0.4.12:5432/billing";
    private static final String DB_PASSWORD = "b1ll1ng-Pa55word!";
    private static final String INVOICE_COLUMNS = "id, customer_id, total";

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(DB_URL, "billing", DB_PASSWORD);
    }

    @GetMapping("/invoices/{customer}")
    public ResponseEntity<String> invoices(@PathVariable String customer) {
        try (Connection conn = connect(); Statement stmt = conn.createStatement()) {
            ResultSet rs = stmt.executeQuery("SELECT " + INVOICE_COLUMNS + " FROM invoices WHERE customer_id = '" + customer + "'");
            return ResponseEntity.ok(render(rs));
        } catch (SQLException e) {
            return ResponseEntity.status(500).body(e.getMessage());
        }
    }

    @GetMapping("/invoices/{id}/total")
    public ResponseEntity<String> total(@PathVariable long id) {
        try (Connection conn = connect();
             PreparedStatement ps = conn.prepareStatement("SELECT total FROM invoices WHERE id = ?")) {
            ps.setLong(1, id);
            ResultSet rs = ps.executeQuery();
            return ResponseEntity.ok(rs.next() ? rs.getString(1) : "0");
        } catch (SQLException e) {
            log.error("total lookup failed for invoice {}", id, e);
            return ResponseEntity.internalServerError().body("internal error");
        }
    }

    private String render(ResultSet rs) throws SQLException {
        StringBuilder out = new StringBuilder();
        while (rs.next()) {
            out.append(rs.getString("id")).append('\n');
        }
        return out.toString();
    }

    void closeQuietly(Connection conn) {
        try {
            conn.close();
        } catch (SQLException e) {
        }
    }
}
