import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The lists' order for one owner comes from this index, without a sort (the migrations make it). */
@Entity({ name: 'items' })
@Index('IDX_items_owner_id_created_at_id', ['ownerId', 'createdAt', 'id'])
export class Item {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /**
   * The owning user's id. The foreign key to `users` (deleting a user deletes their items) is
   * declared by the migrations, not as an ORM relation: items know users only by id.
   */
  @Column({ name: 'owner_id', type: 'varchar', length: 36 })
  ownerId!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
