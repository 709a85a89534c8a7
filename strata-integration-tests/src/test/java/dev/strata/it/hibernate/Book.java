package dev.strata.it.hibernate;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** A cached entity. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Book {

  @Id
  private long id;

  private String title;

  private int price;

  @ManyToOne
  private Author author;

  protected Book() {
  }

  public Book(long id, String title, int price, Author author) {
    this.id = id;
    this.title = title;
    this.price = price;
    this.author = author;
    author.getBooks().add(this);
  }

  public long getId() {
    return id;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public int getPrice() {
    return price;
  }
}
